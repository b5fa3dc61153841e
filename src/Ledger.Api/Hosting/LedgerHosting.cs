using JasperFx;
using JasperFx.Events.Daemon;
using Ledger.Api.Admin;
using Ledger.Api.Http;
using Ledger.Api.Reading;
using Ledger.Api.Restatements;
using Ledger.Contracts;
using Ledger.Domain.Values;
using Ledger.Projections;
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

    /// <summary>The schemas of Wolverine's PostgreSQL queues (shared with subscribers) and of the ledger's own outbox.</summary>
    public const string QueueSchema = "ledger_queues";
    public const string MessageSchema = "ledger_messages";

    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[ConnectionStringKey]
            ?? builder.Configuration.GetConnectionString("Ledger")
            ?? throw new InvalidOperationException(
                $"No database: set {ConnectionStringKey} to a PostgreSQL connection string, or start the service with ./run.sh.");

        builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.AddLedger();
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

        builder.Services.AddWolverineHttp();
        // Problems the framework writes (a body that is not JSON, an unknown route) get a stable code too.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
            {
                StatusCodes.Status400BadRequest => RejectionCodes.RequestInvalid,
                StatusCodes.Status404NotFound => RejectionCodes.NotFound,
                StatusCodes.Status409Conflict => RejectionCodes.Conflict,
                _ => RejectionCodes.ServerError,
            }));
        builder.Services.AddExceptionHandler<StreamCollisionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProjectionRebuilds>();
        builder.Services.AddSingleton<ServingGenerations>();
        builder.Services.AddSingleton<GenerationSwitch>();
        builder.Services.AddSingleton<LineItemVersionsReader>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("postgresql", tags: ["ready"]);
        builder.Services.ConfigureHttpJsonOptions(json => LedgerJson.Configure(json.SerializerOptions));
        return builder;
    }

    public static WebApplication MapLedger(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapWolverineEndpoints(options =>
        {
            options.MapConcurrencyFailuresToConflict(_ => true, LedgerProblems.FromConcurrencyFailure);
            // `?after=abc` is a bad request, not a request for position 0.
            options.RejectUnparseableQueryValues = true;
        });
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
