namespace Ledger.Domain.Values;

/// <summary>
/// Why a command was refused: the field it concerns (a JSON path such as <c>facts[3].unit</c>),
/// a stable code from <see cref="RejectionCodes"/>, and a message a person can act on.
/// </summary>
public sealed record Rejection(string Field, string Code, string Message);

/// <summary>Collects rejections while a command is checked, so that every bad field is named at once.</summary>
public sealed class Rejections
{
    private readonly List<Rejection> _all = [];

    public IReadOnlyList<Rejection> All => _all;
    public bool Any => _all.Count > 0;

    public void Add(string field, string code, string message) => _all.Add(new Rejection(field, code, message));
}
