// Runs the SqliteChild writer process (built beside the tests) and follows the commits it reports on stdout.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EventStore.Functional.Tests.Sqlite;

/// <summary>A commit the child reported: batch number, its size and the global position of its last event.</summary>
public sealed record ChildCommit(string Writer, int Batch, int Size, long LastPosition);

/// <summary>A running writer process appending batches of <c>ChildAppended</c> events to a database file.</summary>
public sealed class ChildWriter : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<ChildCommit> _commits = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ChildWriter(Process process, string writer)
    {
        _process = process;
        Writer = writer;
    }

    public string Writer { get; }

    /// <summary>The commits reported so far, in order.</summary>
    public IReadOnlyList<ChildCommit> Commits => [.. _commits];

    /// <summary>Starts a writer: <paramref name="batches"/> batches (0: until killed) of 1..<paramref name="maxSize"/> events, to <paramref name="stream"/> or a new stream per batch.</summary>
    public static ChildWriter Start(string database, string writer, int batches, int maxSize, Guid? stream = null)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "SqliteChild.dll");
        Assert.True(File.Exists(child), $"The writer process {child} was not built beside the tests.");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { child, database, writer, batches.ToString(CultureInfo.InvariantCulture), maxSize.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        if (stream is { } s)
        {
            info.ArgumentList.Add(s.ToString("D"));
        }

        var process = new Process { StartInfo = info };
        var result = new ChildWriter(process, writer);
        process.OutputDataReceived += (_, e) => result.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                result._errors.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits until at least <paramref name="count"/> commits were reported.</summary>
    public async Task WaitForCommitsAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_commits.Count < count)
        {
            Assert.False(_process.HasExited && _commits.Count < count, $"Writer {Writer} exited early: {Diagnostics()}");
            Assert.True(deadline.Elapsed < timeout, $"Writer {Writer} reported {_commits.Count} of {count} commits in {timeout}: {Diagnostics()}");
            await Task.Delay(5);
        }
    }

    /// <summary>Kills the process with SIGKILL (no chance to clean up) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for a normal exit and checks it succeeded.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        Assert.True(_process.ExitCode == 0, $"Writer {Writer} exited with {_process.ExitCode}: {Diagnostics()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private void OnLine(string? line)
    {
        var parts = line?.Split(' ');
        if (parts is ["ok", var batch, var size, var position])
        {
            _commits.Enqueue(new ChildCommit(Writer, int.Parse(batch, CultureInfo.InvariantCulture), int.Parse(size, CultureInfo.InvariantCulture), long.Parse(position, CultureInfo.InvariantCulture)));
        }
    }

    private string Diagnostics() => string.Join(" | ", _errors.Take(20));
}
