using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Tests.Infrastructure;

/// <summary>
/// One of the solution's programs (the API host or the sample subscriber) started as a real process on a free
/// loopback port, so tests can stop it, kill it and start it again the way an operator would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly PortRouter _router;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <summary>Where the program listens now; a start that loses its port to another process moves it.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_router.Port}");
    public HttpClient Client { get; }

    private ServiceProcess(string dll, IReadOnlyDictionary<string, string> environment, string? token = null)
    {
        _dll = dll;
        _environment = environment;
        _router = new PortRouter(FreePort());
        // The client's address names the first port; the router sends each request to the current one, so a client
        // handed out before a restart on another port keeps working.
        Client = new HttpClient(_router) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        TestTokens.Authorize(Client, token);
    }

    public static ServiceProcess Subscriber(string connectionString, IReadOnlyDictionary<string, string>? settings = null) =>
        new(Built("samples/Ledger.Subscriber", "Ledger.Subscriber.dll"), With(settings, "SUBSCRIBER_CONNECTION_STRING", connectionString));

    /// <summary>The API host, trusting this test run's signing key; its client carries a token with every role.</summary>
    public static ServiceProcess Api(string connectionString, IReadOnlyDictionary<string, string>? settings = null) =>
        new(Built("src/Ledger.Api", "Ledger.Api.dll"),
            With(Over(SuiteSettings.Service, settings), "LEDGER_CONNECTION_STRING", connectionString),
            TestTokens.EveryRole);

    /// <summary>Runs one command of the API host's command line (<c>db-apply</c>, <c>verify</c>…) to its end; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CommandAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings, params string[] arguments)
    {
        var dll = Built("src/Ledger.Api", "Ledger.Api.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in With(Over(SuiteSettings.Service, settings), "LEDGER_CONNECTION_STRING", connectionString)) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The suite's settings, with those a test gives instead where both name one.</summary>
    private static Dictionary<string, string> Over(IReadOnlyDictionary<string, string> suite, IReadOnlyDictionary<string, string>? settings)
    {
        var merged = new Dictionary<string, string>(suite);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) merged[name] = value;
        return merged;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? settings, string name, string value) =>
        new(settings ?? new Dictionary<string, string>()) { [name] = value };

    /// <summary>
    /// Starts the program and waits until it answers. A free port can be taken by another process between choosing it
    /// and binding it: then the start is retried on a new port. A program that exits or never answers fails the start
    /// with the end of its output, so the cause is in the test's failure message.
    /// </summary>
    public async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var exited = await TryStartAsync();
            if (exited is null) return;
            if (attempt < 4 && Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                _router.Port = FreePort();
                continue;
            }
            throw new InvalidOperationException($"{Path.GetFileName(_dll)} exited with {exited} while starting; its output ended:\n{Output}");
        }
    }

    /// <summary>The last lines the program wrote (standard output and error), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    private async Task<int?> TryStartAsync()
    {
        _output.Clear();
        var start = new ProcessStartInfo("dotnet", [_dll, "run", "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(); // drains the output readers
                return _process.ExitCode;
            }
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                // Alive after answering: an answer from whoever else took the port while this one failed to bind does not count.
                if ((await Client.GetAsync("/health/live", probe.Token)).IsSuccessStatusCode && !_process.HasExited) return null;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Path.GetFileName(_dll)} did not answer on {BaseAddress} within a minute; its output ended:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what survives is what was committed.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends each request to the port the program listens on now, whatever port the client's address names.</summary>
    private sealed class PortRouter(int port) : DelegatingHandler(new HttpClientHandler())
    {
        public volatile int Port = port;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
        {
            if (request.RequestUri is { } uri && uri.Port != Port) request.RequestUri = new UriBuilder(uri) { Port = Port }.Uri;
            return base.SendAsync(request, cancellation);
        }
    }

    /// <summary>The program as the solution build left it, in the configuration these tests were built in.</summary>
    private static string Built(string project, string dll)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ledger.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Ledger.sln not found above the test binaries");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(root.FullName, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built: build Ledger.sln first", path);
    }
}

/// <summary>Polls until a condition holds, for effects that arrive asynchronously (deliveries, daemons).</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        var last = await read();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached in time: {what}; last seen: {Describe(last)}");
            await Task.Delay(100);
            last = await read();
        }
        return last;
    }

    private static string Describe<T>(T value) => value is System.Collections.ICollection collection ? $"{collection.Count} items" : $"{value}";
}
