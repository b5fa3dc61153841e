using JasperFx;
using Ledger.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Host.ApplyJasperFxExtensions();
builder.AddLedger();

var app = builder.Build();
app.MapLedger();

// The JasperFx command line: `run` (the default) serves HTTP; `import` loads the worked example; `db-apply`, `projections`… operate.
return await app.RunJasperFxCommands(args);

/// <summary>Visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
