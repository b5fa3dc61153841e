using System.Text.Json;
using JasperFx.CommandLine;
using Marten;

namespace Ledger.Api.Trust;

public sealed class VerifyInput : NetCoreInput
{
    [Description("Also write the verified head as a digest (position, hash, time UTC) to this file, to keep outside the database")]
    public string? ExportDigestFlag { get; set; }

    [Description("Check a digest written earlier: the chain at its position must still give its hash")]
    public string? DigestFlag { get; set; }
}

/// <summary>
/// <c>verify</c>: recomputes the hash chain from the events as stored and prints what <c>GET /api/admin/integrity</c>
/// answers; with <c>--export-digest FILE</c> it writes the head of a chain that holds, and with <c>--digest FILE</c> it
/// checks one kept earlier. It succeeds (exit code 0) only when everything checked holds.
/// </summary>
[Description("Verifies the hash chain over the event log, and exports or checks a digest of it", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var database = store.Storage.Database;

        if (input.DigestFlag is { } digestFile)
        {
            var check = await ChainVerification.CheckAsync(database, ChainDigest.FromJson(await File.ReadAllTextAsync(digestFile)), default);
            Console.WriteLine(JsonSerializer.Serialize(check, Json));
            return check.Holds;
        }

        var (digest, report) = await CheckIntegrityEndpoints.DigestAsync(database, TimeProvider.System, default);
        Console.WriteLine(JsonSerializer.Serialize(report, Json));
        if (input.ExportDigestFlag is { } exportFile && digest is not null)
        {
            await File.WriteAllTextAsync(exportFile, digest.ToJson());
            Console.WriteLine($"Digest of position {digest.Position} written to {exportFile}.");
        }
        return report.Intact && (input.ExportDigestFlag is null || digest is not null);
    }
}
