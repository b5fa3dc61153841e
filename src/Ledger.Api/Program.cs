using JasperFx;
using Ledger.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Host.ApplyJasperFxExtensions();
builder.AddLedger();

var app = builder.Build();
app.MapLedger();

// The JasperFx command line: `run` (the default) serves HTTP; `db-apply`, `projections`, `import-worked-example`… operate.
return await app.RunJasperFxCommands(args);

/// <summary>Visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
