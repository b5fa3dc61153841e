namespace Ledger.Api.Admin;

/// <summary>Settings of the checked switch between generations (section <c>Ledger:Projections</c>).</summary>
public sealed class SwitchSettings
{
    public const string Section = "Ledger:Projections";

    /// <summary>
    /// How long a switch waits for the candidate generation to reach the log's end as the request found it before it
    /// refuses with <c>version_behind</c>. An async generation that is keeping up gets there in tens of milliseconds;
    /// the wait covers a burst of writes, and a shorter one answers sooner that a stalled generation is behind.
    /// </summary>
    public TimeSpan CatchUpWait { get; set; } = TimeSpan.FromSeconds(30);
}
