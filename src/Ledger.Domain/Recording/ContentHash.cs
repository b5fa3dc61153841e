using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.Recording;

/// <summary>
/// The content hash of a command recorded under a caller's id: SHA-256 of its canonical text, one field a line,
/// so that two requests with the same content hash alike whatever their JSON layout. Every command hashes through
/// here; the canonical form of each field type (numbers without trailing zeros, instants in UTC) is written once.
/// Stored records keep their hashes, so the text of a command never changes shape (tests pin the hashes).
/// </summary>
public static class ContentHash
{
    public static string Of(IEnumerable<string?> fields) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', fields))));

    public static string Of(params string?[] fields) => Of((IEnumerable<string?>)fields);

    /// <summary>1000.000 and 1000 are the same number: written without trailing zeros.</summary>
    public static string Number(decimal value) => value.ToString("G29", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
