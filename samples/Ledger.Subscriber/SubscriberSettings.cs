namespace Ledger.Subscriber;

/// <summary>Settings of the sample subscriber (section <c>Subscriber</c>; as environment variables <c>Subscriber__Name</c>).</summary>
public sealed class SubscriberSettings
{
    public const string Section = "Subscriber";

    /// <summary>
    /// How long the handler works on each restatement before recording it (none by default). It stands for the slow
    /// work a real subscriber does downstream, and holds a message inside the handler long enough to watch what
    /// becomes of it when the process dies there: it is not recorded, and it is delivered again after a restart.
    /// </summary>
    public TimeSpan ProcessingDelay { get; set; } = TimeSpan.Zero;
}
