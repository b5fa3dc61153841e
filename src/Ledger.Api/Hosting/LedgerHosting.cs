using JasperFx;
using JasperFx.Events.Daemon;
using Ledger.Projections;
using Marten;
using Scalar.AspNetCore;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Ledger.Api.Hosting;

public static class LedgerHosting
{
    /// <summary>The environment variable (or configuration key) holding the PostgreSQL connection string.</summary>
    public const string ConnectionStringKey = "LEDGER_CONNECTION_STRING";

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
            .AddAsyncDaemon(DaemonMode.Solo)
            .IntegrateWithWolverine();

        builder.Host.UseWolverine(options =>
        {
            // Every endpoint that touches a Marten session commits it once, after the endpoint returns.
            options.Policies.AutoApplyTransactions();
        });

        builder.Services.AddWolverineHttp();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StreamCollisionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
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
            options.MapConcurrencyFailuresToConflict(_ => true, LedgerProblems.FromConcurrencyFailure));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
