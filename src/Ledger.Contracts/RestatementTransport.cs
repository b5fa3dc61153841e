namespace Ledger.Contracts;

/// <summary>
/// Where restatements travel, shared by the ledger and its subscribers so both read the same settings:
/// <c>LEDGER_TRANSPORT</c> is <c>postgresql</c> (default: a queue table in the ledger's database, no broker) or
/// <c>rabbitmq</c> (<c>LEDGER_RABBITMQ_URI</c>, default amqp://guest:guest@127.0.0.1:5672); the queue is
/// <c>LEDGER_RESTATEMENT_QUEUE</c> (default <c>restatements</c>).
/// </summary>
public sealed record RestatementTransport(string Kind, string Queue, Uri RabbitMqUri)
{
    public const string PostgreSql = "postgresql";
    public const string RabbitMq = "rabbitmq";

    /// <summary>Reads the settings through a lookup (configuration or environment), refusing unknown transports.</summary>
    public static RestatementTransport From(Func<string, string?> setting)
    {
        var kind = setting("LEDGER_TRANSPORT") ?? PostgreSql;
        if (kind is not (PostgreSql or RabbitMq))
            throw new InvalidOperationException($"LEDGER_TRANSPORT '{kind}' is not one of {PostgreSql}, {RabbitMq}.");
        return new RestatementTransport(kind, setting("LEDGER_RESTATEMENT_QUEUE") ?? "restatements",
            new Uri(setting("LEDGER_RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672"));
    }
}
