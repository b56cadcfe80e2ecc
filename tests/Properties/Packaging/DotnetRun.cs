// Runs the dotnet command (pack, new, add package, run, tool install) as a process and captures what it printed.
using System.Diagnostics;

namespace EventStore.Functional.Tests.Packaging;

/// <summary>The outcome of one <c>dotnet</c> run: its arguments, exit code and interleaved output.</summary>
public sealed record DotnetRun(string Command, int ExitCode, string Output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="file"/> (<c>dotnet</c> when null) with <paramref name="args"/> in <paramref name="directory"/>,
    /// with <paramref name="environment"/> set (a null value removes the variable), and no MSBuild settings of the test
    /// host's own build leaking in.
    /// </summary>
    public static async Task<DotnetRun> RunAsync(string directory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? file = null)
    {
        var info = new ProcessStartInfo(file ?? Host())
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no build nodes left running after the test
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{Describe(info)}` did not finish within {Timeout}:\n{output}");
        }

        process.WaitForExit(); // drains the redirected streams
        return new DotnetRun(Describe(info), process.ExitCode, output.ToString());
    }

    /// <summary>Asserts the run exited 0, showing the command and everything it printed when it did not.</summary>
    public DotnetRun AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited {ExitCode}:\n{Output}");
        return this;
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Describe(ProcessStartInfo info) => string.Join(' ', info.ArgumentList.Prepend(Path.GetFileName(info.FileName)));

    private static string Host() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
