namespace Ledger.Api.Restatements;

/// <summary>
/// How this node serves <c>GET /api/restatements/stream</c> (configuration section <c>Ledger:Streams</c>, e.g. the
/// environment variable <c>Ledger__Streams__MaxConnections</c>).
/// </summary>
public sealed class StreamSettings
{
    public const string Section = "Ledger:Streams";

    /// <summary>A comment line sent on a quiet stream this often, so the client and any proxy between know it is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A stream that has carried no restatement for this long is closed; the client reconnects with <c>Last-Event-ID</c>
    /// and misses nothing. Bounds how long a forgotten client holds a connection.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Open streams this node serves at most; one more is refused with 503 <c>stream_limit_reached</c>.</summary>
    public int MaxConnections { get; set; } = 1_000;

    /// <summary>How long a refused client is asked to wait before trying again (<c>Retry-After</c>).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(10);
}
