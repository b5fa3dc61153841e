using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;

namespace Ledger.Api.Trust;

/// <summary>
/// The database's own refusal to rewrite history, applied with Marten's schema (<c>db-apply</c>, or on start by the
/// owner role): triggers refuse UPDATE, DELETE and TRUNCATE of the event table and of the hash chain's table to
/// everyone, the schema owner included; a stream's version may only rise and a stream row is never deleted. When a runtime role is
/// configured, it gets exactly what the service writes at run time (measured: Marten inserts events, inserts and
/// updates streams, upserts and deletes read-model rows, truncates them on a rebuild, moves the daemon's progression;
/// Wolverine inserts, updates and deletes its envelope, node and queue rows) and no UPDATE, DELETE or TRUNCATE
/// on the events or the chain, no DELETE or TRUNCATE on the streams.
/// </summary>
public sealed class EventLogGuard(string eventSchema, IReadOnlyList<string> runtimeSchemas, string? runtimeRole) : ISchemaObject
{
    public string EventSchema => eventSchema;

    /// <summary>Bumped whenever the SQL below changes, so that <c>db-apply</c> sees the difference and reapplies it.</summary>
    private const string Revision = "event-log-guard r2";

    public DbObjectName Identifier => new PostgresqlObjectName(eventSchema, "refuse_event_rewrite", SchemaUtils.IdentifierUsage.General);

    public IEnumerable<DbObjectName> AllNames() => [Identifier, new PostgresqlObjectName(eventSchema, "refuse_stream_version_fall", SchemaUtils.IdentifierUsage.General)];

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        var s = eventSchema;
        writer.WriteLine($$"""
            create or replace function {{s}}.refuse_event_rewrite() returns trigger language plpgsql as $guard$
            begin
              -- {{Revision}}
              raise exception 'the event log is append-only: % of %.% is refused', tg_op, tg_table_schema, tg_table_name
                using errcode = 'insufficient_privilege';
            end $guard$;
            drop trigger if exists events_append_only on {{s}}.mt_events;
            create trigger events_append_only before update or delete on {{s}}.mt_events
              for each row execute function {{s}}.refuse_event_rewrite();
            drop trigger if exists events_never_truncated on {{s}}.mt_events;
            create trigger events_never_truncated before truncate on {{s}}.mt_events
              for each statement execute function {{s}}.refuse_event_rewrite();

            create or replace function {{s}}.refuse_stream_version_fall() returns trigger language plpgsql as $guard$
            begin
              if tg_op = 'UPDATE' and new.version >= old.version then return new; end if;
              raise exception 'a stream''s version only rises: % of stream % refused', tg_op, coalesce(old.id::text, '')
                using errcode = 'insufficient_privilege';
            end $guard$;
            drop trigger if exists streams_version_rises on {{s}}.mt_streams;
            create trigger streams_version_rises before update or delete on {{s}}.mt_streams
              for each row execute function {{s}}.refuse_stream_version_fall();
            drop trigger if exists streams_never_truncated on {{s}}.mt_streams;
            create trigger streams_never_truncated before truncate on {{s}}.mt_streams
              for each statement execute function {{s}}.refuse_event_rewrite();

            drop trigger if exists chain_append_only on {{s}}.{{EventChain.TableName}};
            create trigger chain_append_only before update or delete on {{s}}.{{EventChain.TableName}}
              for each row execute function {{s}}.refuse_event_rewrite();
            drop trigger if exists chain_never_truncated on {{s}}.{{EventChain.TableName}};
            create trigger chain_never_truncated before truncate on {{s}}.{{EventChain.TableName}}
              for each statement execute function {{s}}.refuse_event_rewrite();
            """);
        if (runtimeRole is not null) WriteGrants(writer, runtimeRole);
    }

    private void WriteGrants(TextWriter writer, string role)
    {
        foreach (var schema in runtimeSchemas.Prepend(eventSchema).Distinct())
            writer.WriteLine($"""
                create schema if not exists {schema};
                grant usage on schema {schema} to {role};
                grant select, insert, update, delete, truncate on all tables in schema {schema} to {role};
                grant usage, select, update on all sequences in schema {schema} to {role};
                grant execute on all functions in schema {schema} to {role};
                alter default privileges in schema {schema} grant select, insert, update, delete, truncate on tables to {role};
                alter default privileges in schema {schema} grant usage, select, update on sequences to {role};
                alter default privileges in schema {schema} grant execute on functions to {role};
                """);
        writer.WriteLine($"""
            revoke update, delete, truncate on {eventSchema}.mt_events from {role};
            revoke update, delete, truncate on {EventChain.Table} from {role};
            revoke delete, truncate on {eventSchema}.mt_streams from {role};
            """);
    }

    public void WriteDropStatement(Migrator migrator, TextWriter writer) => writer.WriteLine(
        $"drop function if exists {eventSchema}.refuse_event_rewrite() cascade; drop function if exists {eventSchema}.refuse_stream_version_fall() cascade;");

    /// <summary>One boolean: the triggers of this revision are in place and, with a runtime role, its grants are as above.</summary>
    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        var s = eventSchema;
        var triggers = $"""
            (select count(*) from pg_trigger where not tgisinternal and tgenabled <> 'D'
               and tgrelid in (to_regclass('{s}.mt_events'), to_regclass('{s}.mt_streams'), to_regclass('{EventChain.Table}'))
               and tgname in ('events_append_only', 'events_never_truncated', 'streams_version_rises', 'streams_never_truncated',
                              'chain_append_only', 'chain_never_truncated')) = 6
            and exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname = '{s}' and p.proname = 'refuse_event_rewrite' and p.prosrc like '%{Revision}%')
            """;
        var grants = runtimeRole is null ? "true" : $"""
            case when not exists (select 1 from pg_roles where rolname = '{runtimeRole}') then false else
              not exists (select 1 from pg_tables t where t.schemaname in ({string.Join(", ", runtimeSchemas.Prepend(s).Distinct().Select(x => $"'{x}'"))})
                 and not has_table_privilege('{runtimeRole}', format('%I.%I', t.schemaname, t.tablename), 'INSERT'))
              and not has_table_privilege('{runtimeRole}', '{s}.mt_events', 'UPDATE, DELETE, TRUNCATE')
              and not has_table_privilege('{runtimeRole}', '{s}.mt_streams', 'DELETE, TRUNCATE')
              and not has_table_privilege('{runtimeRole}', '{EventChain.Table}', 'UPDATE, DELETE, TRUNCATE')
            end
            """;
        builder.Append($"select case when to_regclass('{s}.mt_events') is null then false else ({triggers}) and ({grants}) end;");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken cancellation)
    {
        var inPlace = await reader.ReadAsync(cancellation) && reader.GetBoolean(0);
        return new SchemaObjectDelta(this, inPlace ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}

/// <summary>
/// The chain's table and the guard, as a schema feature that depends on the event store's, so it is applied after the
/// event tables exist; the table comes first, so the guard's triggers and grants cover it.
/// </summary>
public sealed class EventLogGuardFeature(EventLogGuard guard, Migrator migrator) : Weasel.Core.Migrations.FeatureSchemaBase("EventLogGuard", migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(Marten.Events.EventGraph)];

    protected override IEnumerable<ISchemaObject> schemaObjects() => [ChainTable(guard.EventSchema), guard];

    /// <summary>One row per event: its position and the hash of the log through it.</summary>
    private static Weasel.Postgresql.Tables.Table ChainTable(string schema)
    {
        var table = new Weasel.Postgresql.Tables.Table(new PostgresqlObjectName(schema, EventChain.TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("position").AsPrimaryKey();
        table.AddColumn("hash", "bytea").NotNull();
        return table;
    }
}
