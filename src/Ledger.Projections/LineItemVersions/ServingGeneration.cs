namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Which generation of a read model answers queries, and the check that allowed the switch to it. One document per
/// projection name; none means the first serving generation (<see cref="LineItemVersionsModel.FirstServing"/>). (<c>Version</c> keeps the stored and answered name.) Every node reads it, so a switch on one node reaches all of them.
/// </summary>
public sealed record ServingGeneration(
    string Id, int Version, DateTimeOffset SwitchedAt, long ComparedThrough, int EntitiesCompared, long RowsCompared);
