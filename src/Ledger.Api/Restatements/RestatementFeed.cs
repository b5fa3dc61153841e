using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Ledger.Contracts;
using Marten;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Restatements;

/// <summary>
/// The one reader of the restatement log on this node, shared by every SSE stream. While any stream is open it reads
/// the log after where it stands (up to the high-water mark, as the pages do), keeps the latest restatements in memory
/// and wakes the streams when more arrive. A stream resuming from further back than that catches up from the database
/// a page at a time, a few streams at once, then follows the shared reader. So 200 open streams cost one poll of the
/// database, not 200, and the connection pool stays free for queries.
/// </summary>
public sealed class RestatementFeed(IDocumentStore store, IOptions<StreamSettings> settings, ILogger<RestatementFeed> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    public const int PageSize = 200;

    /// <summary>Restatements kept in memory: a stream resuming among them reads nothing from the database.</summary>
    public const int Kept = 1_000;

    /// <summary>Streams catching up from the database at one time; the others wait their turn, so queries keep their connections.</summary>
    public const int CatchUpReaders = 4;

    /// <summary>
    /// What the feed has read: every restatement after <paramref name="From"/> up to <paramref name="Through"/>, in order,
    /// and a task that completes when a later window brings more.
    /// </summary>
    private sealed record Window(long From, long Through, ImmutableList<Restatement> Restatements, Task Moved);

    private readonly SemaphoreSlim _catchUps = new(CatchUpReaders, CatchUpReaders);
    private TaskCompletionSource _moved = NewSignal();
    private volatile Window? _window;
    private int _streams;

    /// <summary>The streams open on this node now.</summary>
    public int Streams => Volatile.Read(ref _streams);

    /// <summary>Counts a stream in, unless this node already serves as many as it may; then false, and nothing is counted.</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _streams) <= settings.Value.MaxConnections) return true;
        Interlocked.Decrement(ref _streams);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref _streams);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var more = false;
                try
                {
                    if (Streams > 0) more = await ReadOnceAsync(stopping);
                }
                catch (Exception error) when (!stopping.IsCancellationRequested)
                {
                    // The database may be away: open streams keep their heartbeats, and the reader tries again.
                    logger.LogWarning(error, "Reading the restatement log for the streams failed; trying again");
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
                if (!more) await Task.Delay(PollInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    /// <summary>Reads one page after the window; true when the page was full, so more may be there at once.</summary>
    private async Task<bool> ReadOnceAsync(CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        if (_window is not { } window)
        {
            // Start at the log's end: what came before is the database's to serve, to the few streams that ask for it.
            var mark = await RestatementLog.HighWaterMarkAsync(session, cancellation);
            _window = new Window(mark, mark, [], _moved.Task);
            return false;
        }

        var page = await RestatementLog.ReadAsync(session, window.Through, PageSize, cancellation);
        var full = page.Restatements.Count + page.Parked.Count >= PageSize;
        var through = full ? page.LastPosition!.Value : Math.Max(window.Through, page.Ceiling);
        if (page.Restatements.Count == 0)
        {
            // Nothing new to show: move the window's end on without waking anyone.
            if (through > window.Through) _window = window with { Through = through };
            return full;
        }

        var kept = window.Restatements.AddRange(page.Restatements);
        var from = window.From;
        if (kept.Count > Kept)
        {
            from = kept[kept.Count - Kept - 1].Position;
            kept = kept.RemoveRange(0, kept.Count - Kept);
        }
        var woken = _moved;
        _moved = NewSignal();
        _window = new Window(from, through, kept, _moved.Task);
        woken.TrySetResult();
        return full;
    }

    /// <summary>
    /// The restatements after <paramref name="after"/>, in batches as they come; an empty batch whenever the stream has
    /// sent nothing for a heartbeat. Ends once no restatement has been sent for the idle timeout.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<Restatement>> FollowAsync(long after, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var quiet = Stopwatch.StartNew();
        var silent = Stopwatch.StartNew();
        while (!cancellation.IsCancellationRequested)
        {
            var window = _window;
            Task wake;
            if (window is null || after < window.From)
            {
                // Behind what the shared reader keeps (or it has not read yet): a page of this stream's own.
                var (page, next) = await CatchUpAsync(after, cancellation);
                if (page.Count > 0)
                {
                    quiet.Restart();
                    silent.Restart();
                    yield return page;
                }
                if (page.Count > 0 || next > after)
                {
                    after = next;
                    continue;
                }
                wake = Task.Delay(PollInterval, cancellation);
            }
            else
            {
                var fresh = window.Restatements.Where(r => r.Position > after).ToList();
                if (fresh.Count > 0)
                {
                    quiet.Restart();
                    silent.Restart();
                    yield return fresh;
                    after = fresh[^1].Position;
                    continue;
                }
                // Nothing the window holds is newer, so nothing up to its end is: wait there for more.
                after = Math.Max(after, window.Through);
                wake = window.Moved;
            }

            var due = settings.Value.Heartbeat - silent.Elapsed;
            if (due > TimeSpan.Zero) await Task.WhenAny(wake, Task.Delay(due, cancellation));
            if (silent.Elapsed < settings.Value.Heartbeat || cancellation.IsCancellationRequested) continue;
            if (quiet.Elapsed >= settings.Value.IdleTimeout) yield break;
            silent.Restart();
            yield return [];
        }
    }

    /// <summary>One page from the database for a stream behind the window, and where the stream stands after it.</summary>
    private async Task<(IReadOnlyList<Restatement> Page, long Next)> CatchUpAsync(long after, CancellationToken cancellation)
    {
        await _catchUps.WaitAsync(cancellation);
        try
        {
            await using var session = store.QuerySession();
            var page = await RestatementLog.ReadAsync(session, after, PageSize, cancellation);
            var full = page.Restatements.Count + page.Parked.Count >= PageSize;
            return (page.Restatements, full ? page.LastPosition!.Value : Math.Max(after, page.Ceiling));
        }
        finally
        {
            _catchUps.Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
