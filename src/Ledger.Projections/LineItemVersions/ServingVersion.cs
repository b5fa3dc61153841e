namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Which version of a read model answers queries, and the check that allowed the switch to it. One document per
/// projection name; none means version 1. Every node reads it, so a switch on one node reaches all of them.
/// </summary>
public sealed record ServingVersion(
    string Id, int Version, DateTimeOffset SwitchedAt, long ComparedThrough, int EntitiesCompared, long RowsCompared);
