using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Ledger.Contracts;
using Ledger.Tests.Infrastructure;
using static Ledger.Tests.Infrastructure.Scenarios;

namespace Ledger.Tests.Http;

/// <summary>
/// The broker transport is a configuration switch. ./test.sh starts a private RabbitMQ node and sets
/// LEDGER_RABBITMQ_URI, so this always runs there, and fails if that broker does not answer. Run by hand without
/// it, it uses amqp://guest:guest@127.0.0.1:5672 and is reported as skipped, with the reason, when nothing answers.
/// </summary>
public sealed class PublishingThroughRabbitMq
{
    private static readonly Uri Broker = RestatementTransport.From(Environment.GetEnvironmentVariable).RabbitMqUri;

    [SkippableFact]
    public async Task With_the_rabbitmq_switch_a_revision_reaches_the_subscriber_through_the_broker()
    {
        var promised = Environment.GetEnvironmentVariable("LEDGER_RABBITMQ_URI") is not null;
        if (promised) Assert.True(await AnswersAsync(Broker), $"LEDGER_RABBITMQ_URI names {Broker.Host}:{Broker.Port}, but no RabbitMQ server answers there.");
        Skip.IfNot(await AnswersAsync(Broker), $"No RabbitMQ server answers at {Broker.Host}:{Broker.Port}: install rabbitmq-server (or set LEDGER_RABBITMQ_URI) to run this test.");

        var database = await PostgresServer.CreateDatabaseAsync("ledger_rabbit");
        var settings = new Dictionary<string, string>
        {
            ["LEDGER_TRANSPORT"] = RestatementTransport.RabbitMq,
            ["LEDGER_RABBITMQ_URI"] = Broker.ToString(),
            ["LEDGER_RESTATEMENT_QUEUE"] = $"restatements-{Guid.NewGuid():N}",
        };
        await using var ledger = ServiceProcess.Api(database, settings);
        await using var subscriber = ServiceProcess.Subscriber(database, settings);
        await ledger.StartAsync();
        await subscriber.StartAsync();
        var entity = NewEntity();

        await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/filings", Filing("Q3", "2013-02-08", Revenue(1_000_000m)), LedgerApi.Json);
        var revised = await ledger.Client.PostAsJsonAsync($"/api/entities/{entity}/revisions", Revision("R-1", Revenue(1_100_000m), "2013-03-01", "error correction"), LedgerApi.Json);

        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var received = await Eventually.GetAsync(
            async () => (await subscriber.Client.GetFromJsonAsync<List<ReceivedRestatement>>("/received", LedgerApi.Json))!.Where(r => r.Restatement.Entity == entity).ToList(),
            r => r.Count >= 1, TimeSpan.FromSeconds(60), "the revision through RabbitMQ");
        Assert.Equal("R-1", received.Single().Restatement.RestatementId);
    }

    private sealed record ReceivedRestatement(long Position, Restatement Restatement);

    private static async Task<bool> AnswersAsync(Uri broker)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(broker.Host, broker.Port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
