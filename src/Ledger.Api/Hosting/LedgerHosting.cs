using JasperFx;
using JasperFx.Events.Daemon;
using Ledger.Api.Access;
using Ledger.Api.Pages;
using Ledger.Api.Admin;
using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Api.Restatements;
using Ledger.Api.Trust;
using Ledger.Api.Telemetry;
using Ledger.Contracts;
using Ledger.Projections;
using Ledger.Projections.LineItemVersions;
using Marten;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

namespace Ledger.Api.Hosting;

public static class LedgerHosting
{
    /// <summary>The environment variable (or configuration key) holding the PostgreSQL connection string.</summary>
    public const string ConnectionStringKey = "LEDGER_CONNECTION_STRING";

    /// <summary>
    /// The database role the service runs as, when it is not the schema owner: applying the schema (as the owner)
    /// grants it what the service writes at run time and nothing that could rewrite the event log.
    /// </summary>
    public const string RuntimeRoleKey = "LEDGER_RUNTIME_ROLE";

    /// <summary>The schemas of Wolverine's PostgreSQL queues (shared with subscribers) and of the ledger's own outbox.</summary>
    public const string QueueSchema = "ledger_queues";
    public const string MessageSchema = "ledger_messages";

    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[ConnectionStringKey]
            ?? builder.Configuration.GetConnectionString("Ledger")
            ?? throw new InvalidOperationException(
                $"No database: set {ConnectionStringKey} to a PostgreSQL connection string, or start the service with ./run.sh.");
        var kept = KeptGenerations.Parse(builder.Configuration[KeptGenerations.SettingKey]);
        builder.Services.AddSingleton(kept);

        builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.AddLedger(kept);
                options.AddLedgerTelemetry();
                options.Storage.Add(new EventLogGuardFeature(
                    new EventLogGuard(LedgerStoreOptions.SchemaName, [MessageSchema, QueueSchema], builder.Configuration[RuntimeRoleKey]),
                    options.Advanced.Migrator));
                // The hash chain over the whole log, written by the async daemon behind the high-water mark.
                options.Events.Subscribe(new EventChainWriter());
            })
            .UseLightweightSessions()
            // Marten owns the schema: it creates or migrates the tables it needs when the service starts.
            .ApplyAllDatabaseChangesOnStartup()
            // Several API nodes may share one database: the daemon elects one owner for the restatement
            // publisher through a PostgreSQL advisory lock, and another node takes over if that one dies.
            .AddAsyncDaemon(DaemonMode.HotCold)
            // Wolverine keeps its outbox and its PostgreSQL queues in the ledger's own database: no broker needed.
            .IntegrateWithWolverine(wolverine =>
            {
                wolverine.MessageStorageSchemaName = MessageSchema;
                wolverine.TransportSchemaName = QueueSchema;
            })
            .SubscribeToEvents(new RestatementPublisher());

        var transport = RestatementTransport.From(key => builder.Configuration[key]);
        builder.Host.UseWolverine(options =>
        {
            // Handlers and endpoints live here, whichever program hosts the ledger (the API, a benchmark).
            options.ApplicationAssembly = typeof(LedgerHosting).Assembly;
            // Every endpoint that touches a Marten session commits it once, after the endpoint returns.
            options.Policies.AutoApplyTransactions();
            // The caller's token subject (its Identity.Name) becomes the Marten session's LastModifiedBy, which
            // Marten stores with every event appended (user_name), and travels on outgoing envelopes.
            options.EnableRelayOfUserName = true;
            if (transport.Kind == RestatementTransport.RabbitMq)
            {
                options.UseRabbitMq(transport.RabbitMqUri).AutoProvision();
                options.PublishMessage<Restatement>().ToRabbitQueue(transport.Queue);
            }
            else
            {
                options.PublishMessage<Restatement>().ToPostgresqlQueue(transport.Queue);
            }
        });

        builder.AddLedgerTelemetry();
        builder.Services.AddWolverineHttp();
        builder.Services.AddLedgerPages();
        // Problems the framework writes (a body that is not JSON, an unknown route) get a stable code too.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", LedgerProblems.CodeFor(context.ProblemDetails.Status ?? 500)));
        builder.Services.AddExceptionHandler<ConcurrencyConflicts>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.LimitRequests();
        builder.Services.AddOpenApi(options => options.DescribeLedger());
        builder.Services.AddLedgerAccess(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        Ledger.Api.Imports.ImportSettings.Register(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<ProjectionRebuilds>();
        builder.Services.AddSingleton<ServingGenerations>();
        builder.Services.AddSingleton<GenerationSwitch>();
        builder.Services.Configure<SwitchSettings>(builder.Configuration.GetSection(SwitchSettings.Section));
        builder.Services.AddSingleton<LineItemVersionsReader>();
        builder.Services.AddSingleton<SettledAnswers>();
        builder.Services.Configure<StreamSettings>(builder.Configuration.GetSection(StreamSettings.Section));
        builder.Services.AddSingleton<RestatementFeed>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RestatementFeed>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: ["ready"])
            .AddCheck<LineItemLogHealthCheck>("line-item-log", tags: ["ready"])
            .AddCheck<ServingGenerationHealthCheck>("line-item-versions", tags: ["ready"])
            .AddCheck<ParkedRestatementsHealthCheck>("restatement-publisher", tags: ["ready"]);
        builder.Services.ConfigureHttpJsonOptions(json => LedgerJson.Configure(json.SerializerOptions));
        return builder;
    }

    public static WebApplication MapLedger(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestGuards();
        app.UseLedgerAccess();
        // The API's description is public, so tools can learn from it that every route takes a bearer token;
        // it describes the routes and holds no data.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.MapWolverineEndpoints(options =>
        {
            // `?after=abc` is a bad request, not a request for position 0.
            options.RejectUnparseableQueryValues = true;
        });
        app.MapLedgerPages();
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
