// Starts a throwaway PgBouncer (the Debian package's binary) in front of the test server, in session or transaction mode.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>
/// A PgBouncer process on a free 127.0.0.1 port forwarding every database to the server of <paramref name="server"/>
/// connection string, with trust authentication and the given <c>pool_mode</c>. As root it runs as the <c>postgres</c>
/// user (PgBouncer refuses root). Killed and its folder deleted on disposal.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private PgBouncer(Process process, string dir, string connectionString)
    {
        _process = process;
        _dir = dir;
        ConnectionString = connectionString;
    }

    /// <summary>A connection string to the server through PgBouncer.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts PgBouncer in <paramref name="poolMode"/> ("session" or "transaction") in front of <paramref name="server"/>.</summary>
    /// <exception cref="InvalidOperationException">pgbouncer is not installed or did not start (the message says why).</exception>
    public static async Task<PgBouncer> StartAsync(string server, string poolMode)
    {
        var exe = new[] { "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The pooler tests need PgBouncer: install the 'pgbouncer' package (apt-get install pgbouncer); .ci/run installs it.");
        var target = new NpgsqlConnectionStringBuilder(server);
        var dir = Directory.CreateTempSubdirectory("eventstore-pgbouncer-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(dir, "userlist.txt"), $"\"{target.Username}\" \"\"\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "pgbouncer.ini"), $"""
            [databases]
            * = host={target.Host} port={target.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {dir}/userlist.txt
            pool_mode = {poolMode}
            max_client_conn = 500
            default_pool_size = 40
            ignore_startup_parameters = extra_float_digits,search_path
            logfile = {dir}/pgbouncer.log
            """);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            using var chown = Process.Start("chown", ["-R", "postgres:postgres", dir]);
            await chown.WaitForExitAsync();
        }

        var info = new ProcessStartInfo(asPostgres ? "runuser" : exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])(asPostgres ? ["-u", "postgres", "--", exe, $"{dir}/pgbouncer.ini"] : [$"{dir}/pgbouncer.ini"]))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {exe}.");
        var bouncer = new PgBouncer(process, dir, $"Host=127.0.0.1;Port={port};Username={target.Username};Database={target.Database}");
        for (var waited = 0; waited < 100; waited++)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(dir, "pgbouncer.log")) ? await File.ReadAllTextAsync(Path.Combine(dir, "pgbouncer.log")) : "";
                throw new InvalidOperationException($"pgbouncer exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}{log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return bouncer;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await bouncer.DisposeAsync();
        throw new InvalidOperationException($"pgbouncer did not listen on 127.0.0.1:{port} within 10 s.");
    }

    /// <summary>Kills PgBouncer and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
