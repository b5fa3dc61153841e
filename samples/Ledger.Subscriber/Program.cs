using JasperFx;
using Ledger.Contracts;
using Ledger.Subscriber;
using Marten;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

// A separate process that subscribes to the ledger's restatements and keeps what it received in its own table.
var builder = WebApplication.CreateBuilder(args);
builder.Host.ApplyJasperFxExtensions();

var connectionString = builder.Configuration["SUBSCRIBER_CONNECTION_STRING"] ?? builder.Configuration["LEDGER_CONNECTION_STRING"]
    ?? throw new InvalidOperationException("Set SUBSCRIBER_CONNECTION_STRING (or LEDGER_CONNECTION_STRING) to the ledger's PostgreSQL database.");
var transport = RestatementTransport.From(key => builder.Configuration[key]);

builder.Services.AddMarten(options =>
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = "subscriber";
        options.Schema.For<ReceivedRestatement>().Identity(r => r.Position);
    })
    .UseLightweightSessions()
    .ApplyAllDatabaseChangesOnStartup()
    // Its own message store, and the ledger's queue schema, where the restatements wait for it while it is down.
    .IntegrateWithWolverine(wolverine =>
    {
        wolverine.MessageStorageSchemaName = "subscriber_messages";
        wolverine.TransportSchemaName = "ledger_queues";
    });

builder.Host.UseWolverine(options =>
{
    // The sample runs as one process. Solo, a restarted subscriber takes over at once the messages a killed one left
    // unfinished in its inbox; the multi-node default leaves them to their dead owner until its heartbeat goes stale.
    options.Durability.Mode = DurabilityMode.Solo;
    options.Policies.AutoApplyTransactions();
    // One at a time, in queue order: the ledger publishes in global order, so the subscriber handles in that order.
    if (transport.Kind == RestatementTransport.RabbitMq)
    {
        options.UseRabbitMq(transport.RabbitMqUri).AutoProvision();
        options.ListenToRabbitQueue(transport.Queue).UseDurableInbox().Sequential();
    }
    else
    {
        // Polled every 100 ms, up to 500 messages at a time (the transport's defaults suit far quieter queues).
        options.ListenToPostgresqlQueue(transport.Queue)
            .MaximumMessagesToReceive(500)
            .PollingInterval(TimeSpan.FromMilliseconds(100))
            .Sequential();
    }
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(builder.Configuration.GetSection(SubscriberSettings.Section).Get<SubscriberSettings>() ?? new SubscriberSettings());

var app = builder.Build();
app.MapGet("/received", async (long? after, IQuerySession session) =>
{
    var from = after ?? 0;
    return await session.Query<ReceivedRestatement>().Where(r => r.Position > from).OrderBy(r => r.Position).ToListAsync();
});
app.MapGet("/health/live", () => "Healthy");
return await app.RunJasperFxCommands(args);
