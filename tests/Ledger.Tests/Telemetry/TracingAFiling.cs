using System.Diagnostics;
using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Telemetry;

/// <summary>The API host with an in-memory OpenTelemetry exporter: every span it ends is kept for the test to read.</summary>
public sealed class TracedLedgerApi : LedgerApi
{
    public List<Activity> Spans { get; } = [];

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));

    /// <summary>A copy: the exporter appends on other threads (one at a time) while the test reads.</summary>
    public List<Activity> SpansNow() => [.. Spans.ToArray()];
}

public sealed class TracingAFiling(TracedLedgerApi api) : IClassFixture<TracedLedgerApi>
{
    [Fact]
    public async Task A_filing_that_restates_a_figure_is_one_trace_from_the_request_through_the_append_to_the_restatement_message()
    {
        var entity = NewEntity();
        (await api.PostFilingAsync(entity, Filing($"{entity}-Q3", "2013-02-08", Revenue(94_313_000_000m)))).EnsureSuccessStatusCode();

        // When a later filing restates the revenue figure.
        (await api.PostFilingAsync(entity, Filing($"{entity}-FY", "2013-05-10", Revenue(94_400_000_000m)))).EnsureSuccessStatusCode();

        // Then the restatement published by the daemon continues the trace of that filing's request.
        var trace = await Eventually.GetAsync(() => Task.FromResult(TraceOfRestatement(entity)),
            spans => spans.Any(s => s.Source.Name == "Wolverine"), what: "the restatement message's span in the filing's trace");

        var request = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal($"/api/entities/{entity}/filings", request.GetTagItem("url.path"));
        Assert.Contains(trace, s => s.Source.Name == "Marten");
        Assert.Contains(trace, s => s.Source.Name == "Npgsql");
        var publish = Assert.Single(trace, s => s.Source.Name == LedgerTelemetry.Source.Name);
        Assert.Contains(trace, s => s.Source.Name == "Wolverine" && s.ParentSpanId == publish.SpanId);
    }

    /// <summary>Every span of the trace in which this entity's restatement was published; empty until it is.</summary>
    private List<Activity> TraceOfRestatement(string entity)
    {
        var spans = api.SpansNow();
        return spans.FirstOrDefault(s => s.Source.Name == LedgerTelemetry.Source.Name && Equals(s.GetTagItem("ledger.entity"), entity)) is { } publish
            ? spans.Where(s => s.TraceId == publish.TraceId).ToList()
            : [];
    }
}
