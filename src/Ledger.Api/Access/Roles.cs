namespace Ledger.Api.Access;

/// <summary>
/// The three roles a bearer token can carry, and the one convention that says which role a request needs.
/// Routes are never annotated one by one: a route added later falls under the same rule, and a request the
/// rule does not name needs a role nobody has, so it is refused rather than open by accident.
/// </summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Writer = "writer";
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Reader, Writer, Operator];

    /// <summary>
    /// <c>/api/admin/*</c> needs operator, whatever the method; any other GET (or HEAD) needs reader; a POST of an
    /// entity's data (<c>/api/entities/…</c>: filings, revisions, splits, reclassifications, imports) needs writer.
    /// Anything else needs no role that exists (null).
    /// </summary>
    public static string? RequiredFor(string method, PathString path) =>
        path.StartsWithSegments("/api/admin") ? Operator
        : HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Reader
        : HttpMethods.IsPost(method) && path.StartsWithSegments("/api/entities") ? Writer
        : null;
}
