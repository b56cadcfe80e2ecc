// Runs the built `eventstore` command (eventstore.dll beside the tests) as a process and captures what it printed.
using System.Diagnostics;

namespace EventStore.Functional.Tests.Cli;

/// <summary>The outcome of one CLI run.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The lines written to stdout.</summary>
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Runs <c>eventstore <paramref name="args"/></c> in <paramref name="directory"/>, feeding <paramref name="stdinFile"/>
    /// (a file's path) when given, with <paramref name="environment"/> added to its environment.
    /// </summary>
    public static async Task<CliRun> RunAsync(string directory, IEnumerable<string> args, string? stdinFile = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = Info(directory, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            await using var input = File.OpenRead(stdinFile);
            await input.CopyToAsync(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    /// <summary>How to start the CLI: the dotnet host running eventstore.dll, all standard streams redirected.</summary>
    public static ProcessStartInfo Info(string directory, IEnumerable<string> args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "eventstore.dll");
        Assert.True(File.Exists(cli), $"The CLI {cli} was not built beside the tests.");
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("EVENTSTORE_POSTGRES");
        return info;
    }

    /// <summary>Asserts the run failed with <paramref name="code"/> and said so in one line plus a hint, without a stack trace.</summary>
    public void AssertFailedWithHint(int code, string messagePart)
    {
        Assert.True(ExitCode == code, $"exit code {ExitCode}, expected {code}; stderr: {Error}");
        Assert.Equal(2, ErrorLines.Count);
        Assert.StartsWith("eventstore: ", ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains(messagePart, ErrorLines[0], StringComparison.Ordinal);
        Assert.StartsWith("hint: ", ErrorLines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Error, StringComparison.Ordinal);
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
