// Starts and stops a throwaway PostgreSQL server (initdb + pg_ctl) on a free 127.0.0.1 port; shared by tests and benchmarks.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>
/// A PostgreSQL server for tests and benchmarks: either the one named by <c>EVENTSTORE_TEST_POSTGRES</c> (a connection
/// string; nothing is started), or a throwaway cluster made with <c>initdb</c> in a temporary folder and started with
/// <c>pg_ctl</c> on a random free port of 127.0.0.1. Binaries are looked up on PATH, then in
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (newest first). As root, the server runs as the <c>postgres</c> user
/// (PostgreSQL refuses to run as root). The folder is removed when the server is disposed, at process exit, or, if the
/// process dies, by a small watchdog shell that waits for it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable that names an existing server to use instead of starting one.</summary>
    public const string EnvironmentVariable = "EVENTSTORE_TEST_POSTGRES";

    private readonly string? _dataDir;
    private readonly string? _binDir;
    private readonly bool _asPostgresUser;
    private readonly int _port;
    private int _stopped;

    private PostgresServer(string connectionString, string? dataDir = null, string? binDir = null, bool asPostgresUser = false, int port = 0)
    {
        ConnectionString = connectionString;
        _port = port;
        _dataDir = dataDir;
        _binDir = binDir;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>A connection string for the server's superuser and its <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>True when this process started the server (false for <see cref="EnvironmentVariable"/>).</summary>
    public bool IsThrowaway => _dataDir is not null;

    /// <summary>
    /// Uses <see cref="EnvironmentVariable"/> when set, else starts a throwaway server.
    /// <paramref name="fsync"/> false trades durability for speed (fine for tests; benchmarks keep it on).
    /// </summary>
    /// <exception cref="InvalidOperationException">No server could be started; the message says why and what to install.</exception>
    public static async Task<PostgresServer> StartAsync(bool fsync)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new PostgresServer(fromEnvironment);
        }

        return await StartThrowawayAsync(fsync).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a throwaway server even when <see cref="EnvironmentVariable"/> is set: for tests that restart their server,
    /// which must not be the one other tests share.
    /// </summary>
    /// <exception cref="InvalidOperationException">No server could be started; the message says why and what to install.</exception>
    public static async Task<PostgresServer> StartThrowawayAsync(bool fsync)
    {
        var binDir = FindBinDir() ?? throw new InvalidOperationException(
            "PostgreSQL tests need a server: no initdb/pg_ctl found on PATH or in /usr/lib/postgresql/*/bin. " +
            $"Install the 'postgresql' package (apt-get install postgresql) or set {EnvironmentVariable} to a connection string.");
        var asPostgresUser = Environment.UserName == "root";
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var dataDir = Directory.CreateTempSubdirectory("eventstore-pg-").FullName;
            var port = FreePort();
            var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", dataDir, binDir, asPostgresUser, port);
            try
            {
                await server.InitAndStartAsync(fsync).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"Could not start a throwaway PostgreSQL server with {binDir}: {last?.Message}", last);
    }

    /// <summary>Stops the server (immediate shutdown) and deletes its folder; nothing for an external server. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataDir is null || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await RunAsync("pg_ctl", ["stop", "-D", _dataDir, "-m", "immediate", "-w", "-t", "30"], check: false).ConfigureAwait(false);
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying server: the watchdog removes the folder a moment later.
        }
    }

    /// <summary>
    /// Restarts a throwaway server on the same port and folder with a fast shutdown: every session is terminated
    /// (its clients get 57P01), open transactions roll back, committed ones stay. Returns once it accepts connections.
    /// </summary>
    public async Task RestartAsync()
    {
        var dataDir = _dataDir ?? throw new InvalidOperationException("Only a throwaway server can be restarted.");
        await RunAsync("pg_ctl", ["restart", "-D", dataDir, "-m", "fast", "-w", "-t", "60", "-l", Path.Combine(dataDir, "server.log")]).ConfigureAwait(false);
    }

    private async Task InitAndStartAsync(bool fsync)
    {
        var dataDir = _dataDir!;
        if (_asPostgresUser)
        {
            await RunRawAsync("chown", ["postgres:postgres", dataDir]).ConfigureAwait(false);
        }

        await RunAsync("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]).ConfigureAwait(false);
        var settings = $"-h 127.0.0.1 -p {_port} -k {dataDir} -c fsync={(fsync ? "on" : "off")} -c autovacuum=off -c max_connections=200 -c shared_buffers=256MB";
        await RunAsync("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-l", Path.Combine(dataDir, "server.log"), "-o", settings]).ConfigureAwait(false);
        StartWatchdog(dataDir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // If this process is killed, stop the server and delete its folder once the process is gone.
    private void StartWatchdog(string dataDir)
    {
        var pgCtl = Path.Combine(_binDir!, "pg_ctl");
        var stop = _asPostgresUser ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 2; done; {stop} stop -D '{dataDir}' -m immediate >/dev/null 2>&1; rm -rf '{dataDir}'";
        var psi = new ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var watchdog = Process.Start(psi);
    }

    private Task RunAsync(string tool, IReadOnlyList<string> args, bool check = true)
    {
        var exe = Path.Combine(_binDir!, tool);
        return _asPostgresUser
            ? RunRawAsync("runuser", ["-u", "postgres", "--", exe, .. args], check)
            : RunRawAsync(exe, args, check);
    }

    private static async Task RunRawAsync(string exe, IReadOnlyList<string> args, bool check = true)
    {
        var psi = new ProcessStartInfo(exe, args) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not run {exe}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{exe} {string.Join(' ', args)}' exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }

    private static string? FindBinDir()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pg_ctl"))
            .Where(File.Exists)
            .Select(pgCtl => Path.GetDirectoryName(File.ResolveLinkTarget(pgCtl, returnFinalTarget: true)?.FullName ?? pgCtl)!);
        var debian = (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var n) ? n : 0)
            .Select(v => Path.Combine(v, "bin"));
        return onPath.Concat(debian).FirstOrDefault(dir =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
