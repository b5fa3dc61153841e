using System.Text.Json;

namespace Ledger.Api.Trust;

/// <summary>
/// A digest an auditor keeps outside the database: the chain's hash through <paramref name="Position"/>, taken at
/// <paramref name="TakenAt"/> (UTC). Whatever is appended later, the chain at that position must still equal it.
/// </summary>
public sealed record ChainDigest(long Position, string Hash, DateTimeOffset TakenAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ChainDigest FromJson(string json) =>
        JsonSerializer.Deserialize<ChainDigest>(json, Json) is { Position: > 0, Hash.Length: 64 } digest
            ? digest
            : throw new FormatException("A digest is {\"position\": …, \"hash\": \"64 hex digits\", \"takenAt\": \"…Z\"}.");
}

/// <summary>A digest checked against the log: whether it holds, and the hash the log gives at its position now (null if that event is gone).</summary>
public sealed record DigestCheck(bool Holds, ChainDigest Digest, string? Found);
