using System.Diagnostics;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ledger.Api.Telemetry;

/// <summary>
/// Traces and metrics for operators, through OpenTelemetry: ASP.NET Core, the .NET runtime, Marten, Wolverine and
/// Npgsql, plus the ledger's own restatement-publishing span. Exported by OTLP when the standard <c>OTEL_*</c>
/// variables name an endpoint; otherwise nothing leaves the process.
/// </summary>
public static class LedgerTelemetry
{
    public const string ServiceName = "ledger-api";

    /// <summary>The ledger's own activity source: the span that publishes a restatement, parented to the request that appended it.</summary>
    public static readonly ActivitySource Source = new("Ledger");

    /// <summary>The event header that carries the W3C trace context of the request that appended the event.</summary>
    public const string TraceParentHeader = "traceparent";

    public static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "Marten", "Wolverine", "Npgsql", Source.Name];
    public static readonly string[] Meters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Marten", "Wolverine:*", "Npgsql"];

    /// <summary>The standard variables that switch the OTLP exporter on.</summary>
    private static readonly string[] OtlpEndpointKeys =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    public static WebApplicationBuilder AddLedgerTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddNpgsql()
                .AddSource("Marten", "Wolverine", Source.Name))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Marten", "Wolverine:*"));
        if (OtlpEndpointKeys.Any(key => !string.IsNullOrEmpty(builder.Configuration[key])))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Marten's own spans (one per connection, with the events appended) and its event-append counters; and the
    /// trace context of the appending request kept in each event's headers, so the restatement published later by
    /// the daemon continues the same trace.
    /// </summary>
    public static StoreOptions AddLedgerTelemetry(this StoreOptions options)
    {
        options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
        options.OpenTelemetry.TrackEventCounters();
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Listeners.Add(new TraceContextListener());
        return options;
    }

    /// <summary>A span for work that continues the trace stored on an event, or a root span when it carries none.</summary>
    public static Activity? StartFrom(string name, IReadOnlyDictionary<string, object>? headers)
    {
        var parent = headers is not null && headers.TryGetValue(TraceParentHeader, out var value)
            && ActivityContext.TryParse(value?.ToString(), null, out var context) ? context : default;
        return Source.StartActivity(name, ActivityKind.Producer, parent);
    }

    private sealed class TraceContextListener : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            // The session's events are built by now, so the context goes on each of them rather than on the session.
            if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
                foreach (var @event in session.PendingChanges.Streams().SelectMany(stream => stream.Events))
                    @event.SetHeader(TraceParentHeader, current.Id!);
            return Task.CompletedTask;
        }
    }
}
