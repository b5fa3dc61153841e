using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Api.Imports;

/// <summary>
/// Configuration of imports: the largest body an import accepts (<c>Ledger:Imports:MaxBodyBytes</c>, default 64 MiB)
/// and the concepts a split leaves alone beyond the documented defaults (<c>Ledger:ShareBasis:NotAdjusted</c>).
/// </summary>
public sealed record ImportSettings(long MaxBodyBytes)
{
    public const long DefaultMaxBodyBytes = 64L * 1024 * 1024;

    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ImportSettings(configuration.GetValue("Ledger:Imports:MaxBodyBytes", DefaultMaxBodyBytes)));
        services.AddSingleton(new ShareBasisPolicy(configuration.GetSection("Ledger:ShareBasis:NotAdjusted").Get<string[]>() ?? []));
    }
}

/// <summary>An import body grew past the size limit while it was being read.</summary>
public sealed class ImportTooLargeException(long limit) : Exception($"the body is larger than the import limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Reads a request body as a stream, failing as soon as it passes the limit, so that an import never buffers
/// more than it will accept whatever the client claims in Content-Length.
/// </summary>
public sealed class BoundedStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > limit) throw new ImportTooLargeException(limit);
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
