// End-to-end: the CLI as operators expect it — JSON output, import from a file, aligned tables, hints that fit the failure, System.CommandLine conventions.
using System.Text.Json;

namespace EventStore.Functional.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class CliOperatorTests : IDisposable
{
    private const string Id = "0b9a2c1e-5f7d-4c2a-9a51-3f2e8d7c6b10";
    private readonly string _dir = Directory.CreateTempSubdirectory("esf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Stats_and_streams_print_json_with_the_same_numbers_as_their_tables()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));

        var stats = await RunAsync("stats", "--json", "--db", "source.db");
        var streams = await RunAsync("streams", "--json", "--aggregate-type", "Task", "--db", "source.db");

        Assert.Equal(0, stats.ExitCode);
        var s = JsonDocument.Parse(stats.Output).RootElement;
        Assert.Equal(9, s.GetProperty("events").GetInt64());
        Assert.Equal(3, s.GetProperty("streams").GetInt64());
        Assert.Equal(9, s.GetProperty("globalPosition").GetInt64());
        Assert.Equal(2, s.GetProperty("aggregateTypes").GetArrayLength());
        Assert.Equal(0, streams.ExitCode);
        var first = JsonDocument.Parse(streams.OutputLines[0]).RootElement;
        Assert.Equal(2, streams.OutputLines.Count);
        Assert.Equal(3, first.GetProperty("version").GetInt64());
        Assert.Equal(9, first.GetProperty("lastGlobalPosition").GetInt64());
        Assert.EndsWith(":Task", first.GetProperty("streamId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reads_a_file_given_as_its_argument()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var export = await RunAsync("export", "--db", "source.db");
        await File.WriteAllTextAsync(Path.Combine(_dir, "events.jsonl"), export.Output);

        var import = await RunAsync("import", "events.jsonl", "--create", "--db", "copy.db");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("9 written", import.Error, StringComparison.Ordinal);
        Assert.Equal(export.OutputLines, (await RunAsync("export", "--db", "copy.db")).OutputLines);
        (await RunAsync("import", "missing.jsonl", "--db", "copy.db")).AssertFailedWithHint(1, "no file 'missing.jsonl'");
    }

    [Fact]
    public async Task Tail_prints_a_header_and_columns_aligned_under_it()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));

        var tail = await RunAsync("tail", "--db", "source.db");

        Assert.Equal(0, tail.ExitCode);
        Assert.Equal(10, tail.OutputLines.Count); // header + 9 events
        var header = tail.OutputLines[0];
        Assert.StartsWith("  GLOBAL  STREAM ID", header, StringComparison.Ordinal);
        foreach (var title in new[] { "VERSION", "EVENT TYPE", "OCCURRED AT" })
        {
            var column = header.IndexOf(title, StringComparison.Ordinal);
            Assert.All(tail.OutputLines.Skip(1), row => Assert.Equal(' ', row[column - 1]));
        }

        Assert.All(tail.OutputLines.Skip(1), row => Assert.Matches(@"^\s+\d+  [0-9a-f-]{36}:\w+\s+\d+  \w+", row));
    }

    [Theory]
    [InlineData("streams", "--type", "Task")]
    [InlineData("tail", "--type", "Task")]
    public async Task The_old_type_option_keeps_working_with_a_deprecation_note(params string[] args)
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));

        var run = await RunAsync([.. args, "--db", "source.db"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--type is deprecated", run.Error, StringComparison.Ordinal);
        Assert.Contains("--aggregate-type", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(run.OutputLines.Skip(1), l => l.Contains(":Account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Append_names_the_event_type_with_event_type_and_keeps_type_as_a_deprecated_spelling()
    {
        await InitAsync("s.db");

        var current = await RunAsync("append", $"{Id}:Order", "--event-type", "OrderPlaced", "--data", "{}", "--db", "s.db");
        var old = await RunAsync("append", $"{Id}:Order", "--type", "OrderShipped", "--data", "{}", "--db", "s.db");
        var both = await RunAsync("append", $"{Id}:Order", "--type", "A", "--event-type", "B", "--data", "{}", "--db", "s.db");

        Assert.Equal(0, current.ExitCode);
        Assert.Equal("", current.Error);
        Assert.Equal(0, old.ExitCode);
        Assert.Contains("--type is deprecated for 'append'; use --event-type", old.Error, StringComparison.Ordinal);
        both.AssertFailedWithHint(2, "--type is the old name of --event-type");
        Assert.Equal(2, (await RunAsync("read", $"{Id}:Order", "--json", "--db", "s.db")).OutputLines.Count);
    }

    [Fact]
    public async Task Version_completion_and_response_files_work()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        await File.WriteAllLinesAsync(Path.Combine(_dir, "args.rsp"), ["stats", "--db", "source.db"]);

        var version = await RunAsync("--version");
        var completion = await RunAsync("completion", "bash");
        var suggest = await RunAsync("[suggest:13]", "eventstore st");
        var fromFile = await RunAsync("@args.rsp");

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);
        Assert.Equal(0, completion.ExitCode);
        Assert.Contains("complete -o default -F _eventstore_complete eventstore", completion.Output, StringComparison.Ordinal);
        Assert.Equal(["stats", "streams"], suggest.OutputLines.Select(l => l.Trim()).ToArray());
        Assert.Contains("Events:           9", fromFile.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_option_is_a_usage_error_not_last_wins()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));

        (await RunAsync("tail", "--from", "1", "--from", "2", "--db", "source.db")).AssertFailedWithHint(2, "--from");
        (await RunAsync("stats", "--db", "source.db", "--db", "other.db")).AssertFailedWithHint(2, "--db");
    }

    [Fact]
    public async Task Hints_fit_the_failure()
    {
        await InitAsync("s.db");
        Directory.CreateDirectory(Path.Combine(_dir, "adir"));

        (await RunAsync("init", "--db", "/nonexistent-dir/x.db")).AssertFailedWithHint(1, "the directory '/nonexistent-dir' does not exist");
        var directory = await RunAsync("stats", "--db", "adir");
        directory.AssertFailedWithHint(1, "'adir' is a directory, not a SQLite file");
        Assert.DoesNotContain("not found", directory.Error, StringComparison.Ordinal);
        var array = await RunAsync("append", $"{Id}:Order", "--event-type", "A", "--data", "[1,2]", "--db", "s.db");
        array.AssertFailedWithHint(2, "must be a JSON object, not an array");
        Assert.DoesNotContain("System.", array.Error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_dir, "notes.txt"), "not a database, just text that is long enough to be read as a header");
        (await RunAsync("stats", "--db", "notes.txt")).AssertFailedWithHint(1, "'notes.txt' is not a SQLite database");
    }

    [Fact]
    public async Task Reading_an_absent_stream_names_the_streams_its_aggregate_does_have()
    {
        await InitAsync("s.db");
        Assert.Equal(0, (await RunAsync("append", $"{Id}:Order", "--event-type", "OrderPlaced", "--data", "{}", "--db", "s.db")).ExitCode);

        var read = await RunAsync("read", $"{Id}:order", "--db", "s.db");

        Assert.Equal(0, read.ExitCode);
        Assert.Single(read.OutputLines); // the header
        Assert.Contains($"stream {Id}:order is empty", read.Error, StringComparison.Ordinal);
        Assert.Contains($"has: {Id}:Order", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_during_an_import_exits_130_as_the_help_documents_and_keeps_what_was_stored()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var lines = (await RunAsync("export", "--db", "source.db")).OutputLines;
        var help = await RunAsync("--help");
        using var import = System.Diagnostics.Process.Start(CliRun.Info(_dir, ["import", "--create", "--db", "copy.db"]))!;
        var error = import.StandardError.ReadToEndAsync();
        foreach (var line in lines.Take(3))
        {
            await import.StandardInput.WriteLineAsync(line);
        }

        await import.StandardInput.FlushAsync();
        await WaitForAsync(() => File.Exists(Path.Combine(_dir, "copy.db")));
        await Task.Delay(500);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", import.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await Task.Delay(200);
        import.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await import.WaitForExitAsync(cts.Token);

        Assert.Contains("130 interrupted", help.Output, StringComparison.Ordinal);
        Assert.Equal(130, import.ExitCode);
        Assert.Contains("eventstore: interrupted.", await error, StringComparison.Ordinal);
        var copied = (await RunAsync("export", "--db", "copy.db")).OutputLines;
        Assert.Equal(lines.Take(copied.Count), copied); // a prefix of the input, each batch whole
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the import did not open its store within 30 s");
    }

    private async Task InitAsync(string db) => Assert.Equal(0, (await RunAsync("init", "--db", db)).ExitCode);

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_dir, args);
}
