// End-to-end tests of the built `eventstore` command on temporary SQLite files: append/read, import idempotency, tail, bad input.
using System.Diagnostics;
using System.Text.Json;

namespace EventStore.Functional.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Append_then_read_shows_the_event_as_a_table_and_as_json()
    {
        var stream = $"{Guid.NewGuid()}:Task";
        await InitAsync("s.db");

        var appended = await RunAsync("append", stream, "--event-type", "TaskCreated", "--data", """{"title":"Write docs","points":3}""", "--db", "s.db");
        var table = await RunAsync("read", stream, "--db", "s.db");
        var json = await RunAsync("read", stream, "--json", "--db", "s.db");

        Assert.Equal(0, appended.ExitCode);
        Assert.Contains("version 1, global position 1", appended.Output, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Equal(2, table.OutputLines.Count);
        Assert.Contains("TaskCreated", table.OutputLines[1], StringComparison.Ordinal);
        Assert.Contains("""{"title":"Write docs","points":3}""", table.OutputLines[1], StringComparison.Ordinal);
        var line = JsonDocument.Parse(Assert.Single(json.OutputLines)).RootElement;
        Assert.Equal(stream, line.GetProperty("streamId").GetString());
        Assert.Equal(1, line.GetProperty("streamPosition").GetInt64());
        Assert.Equal("TaskCreated", line.GetProperty("eventType").GetString());
        Assert.Equal("Write docs", line.GetProperty("payload").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Append_with_a_stale_expected_version_fails_with_the_conflict_and_writes_nothing()
    {
        var stream = $"{Guid.NewGuid()}:Task";
        await InitAsync("s.db");
        await RunAsync("append", stream, "--event-type", "A", "--data", "{}", "--db", "s.db");

        var conflict = await RunAsync("append", stream, "--event-type", "B", "--data", "{}", "--expected", "0", "--db", "s.db");

        conflict.AssertFailedWithHint(1, "is at version 1");
        Assert.Single((await RunAsync("read", stream, "--json", "--db", "s.db")).OutputLines);
    }

    [Fact]
    public async Task Import_run_twice_writes_nothing_the_second_time_and_copies_the_feed_exactly()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var export = await RunAsync("export", "--db", "source.db");
        var file = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(file, export.Output);

        var first = await RunAsync(["import", "--create", "--db", "copy.db"], file);
        var second = await RunAsync(["import", "--db", "copy.db"], file);
        var copy = await RunAsync("export", "--db", "copy.db");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Imported 9 events: 9 written, 0 already stored.", first.Error, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Imported 9 events: 0 written, 9 already stored.", second.Error, StringComparison.Ordinal);
        Assert.Equal(export.OutputLines, copy.OutputLines);
    }

    [Fact]
    public async Task Import_after_an_interruption_completes_the_copy_without_duplicates()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var lines = (await RunAsync("export", "--db", "source.db")).OutputLines;
        var part = Path.Combine(_dir, "part.jsonl");
        var all = Path.Combine(_dir, "all.jsonl");
        await File.WriteAllLinesAsync(part, lines.Take(4)); // stops inside a two-event batch of the source
        await File.WriteAllLinesAsync(all, lines);

        Assert.Equal(0, (await RunAsync(["import", "--create", "--db", "copy.db"], part)).ExitCode);
        var rerun = await RunAsync(["import", "--db", "copy.db"], all);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("5 written, 4 already stored", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(lines, (await RunAsync("export", "--db", "copy.db")).OutputLines);
    }

    [Fact]
    public async Task Export_from_a_position_gives_the_tail_of_the_feed()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));

        var all = await RunAsync("export", "--db", "source.db");
        var tail = await RunAsync("export", "--from", "6", "--db", "source.db");

        Assert.Equal(all.OutputLines.Skip(6), tail.OutputLines);
    }

    [Fact]
    public async Task Tail_follow_prints_an_event_appended_by_another_process_within_a_second_and_ends_cleanly_on_ctrl_c()
    {
        var stream = $"{Guid.NewGuid()}:Task";
        await InitAsync("s.db");
        await RunAsync("append", stream, "--event-type", "First", "--data", "{}", "--db", "s.db");
        using var tail = Process.Start(CliRun.Info(_dir, ["tail", "--follow", "--db", "s.db"]))!;
        var lines = new System.Collections.Concurrent.BlockingCollection<(string Line, DateTime At)>();

        // A thread of its own stamps each line as it arrives (an output event runs on the thread pool, whose queue can
        // hold it back when the pool is busy, so its stamp would time the pool rather than the tail).
        var reader = new Thread(() =>
        {
            try
            {
                while (tail.StandardOutput.ReadLine() is { } line)
                {
                    lines.Add((line, DateTime.UtcNow));
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or IOException or InvalidOperationException)
            {
                // The process was killed and disposed while the thread read: nothing more to stamp.
            }
        }) { IsBackground = true };
        reader.Start();
        try
        {
            Assert.True(lines.TryTake(out var header, TimeSpan.FromSeconds(30)), "tail printed nothing");
            Assert.StartsWith("  GLOBAL  STREAM ID", header.Line, StringComparison.Ordinal);
            Assert.True(lines.TryTake(out var first, TimeSpan.FromSeconds(30)), "tail printed no event");
            Assert.Contains("First", first.Line, StringComparison.Ordinal);

            var appended = await RunAsync("append", stream, "--event-type", "Second", "--data", """{"n":2}""", "--db", "s.db");
            var committed = DateTime.UtcNow; // the append process has exited: its event is committed
            Assert.Equal(0, appended.ExitCode);

            Assert.True(lines.TryTake(out var second, TimeSpan.FromSeconds(10)), "tail did not print the new event");
            Assert.Contains("Second", second.Line, StringComparison.Ordinal);
            Assert.True(second.At - committed < TimeSpan.FromSeconds(1), $"printed {(second.At - committed).TotalMilliseconds} ms after the commit");

            using var kill = Process.Start("kill", ["-INT", tail.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await tail.WaitForExitAsync(cts.Token);
            Assert.Equal(0, tail.ExitCode);
            Assert.Equal("", await tail.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!tail.HasExited)
            {
                tail.Kill();
            }

            reader.Join(TimeSpan.FromSeconds(5)); // before `using` disposes the process and its output stream
        }
    }

    [Fact]
    public async Task Stats_and_streams_describe_the_store()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));

        var stats = await RunAsync("stats", "--db", "source.db");
        var streams = await RunAsync("streams", "--aggregate-type", "Task", "--db", "source.db");

        Assert.Equal(0, stats.ExitCode);
        Assert.Contains("Events:           9", stats.Output, StringComparison.Ordinal);
        Assert.Contains("Streams:          3", stats.Output, StringComparison.Ordinal);
        Assert.Matches(@"Account\s+1 streams\s+3 events", stats.Output);
        Assert.Matches(@"Task\s+2 streams\s+6 events", stats.Output);
        Assert.Equal(0, streams.ExitCode);
        Assert.Equal(3, streams.OutputLines.Count); // header + two Task streams
        Assert.Matches(@":Task\s+3\s+9\s", streams.OutputLines[1]);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("init")]
    [InlineData("stats")]
    [InlineData("streams")]
    [InlineData("read")]
    [InlineData("tail")]
    [InlineData("append")]
    [InlineData("export")]
    [InlineData("import")]
    [InlineData("completion")]
    public async Task Every_command_has_help(string command)
    {
        var help = await RunAsync(command, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains($"Usage:\n  eventstore {command}", help.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(command == "completion" ? "bash" : "--db <PATH>", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_stream_id_is_a_usage_error_with_a_hint()
    {
        await RunAsync("init", "--db", "s.db");

        (await RunAsync("read", "not-a-stream", "--db", "s.db")).AssertFailedWithHint(2, "malformed stream id 'not-a-stream'");
        (await RunAsync("append", "123:Task", "--event-type", "A", "--data", "{}", "--db", "s.db")).AssertFailedWithHint(2, "malformed stream id");
    }

    [Fact]
    public async Task Invalid_json_fails_with_a_hint_and_writes_nothing()
    {
        var bad = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllTextAsync(bad, "{\"streamId\": oops\n");
        await InitAsync("s.db");

        (await RunAsync("append", $"{Guid.NewGuid()}:Task", "--event-type", "A", "--data", "{not json", "--db", "s.db")).AssertFailedWithHint(2, "invalid --data");
        (await RunAsync(["import", "--db", "s.db"], bad)).AssertFailedWithHint(1, "line 1 is not an export line");
        Assert.Contains("Events:           0", (await RunAsync("stats", "--db", "s.db")).Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("streams")]
    [InlineData("tail")]
    [InlineData("export")]
    [InlineData("read", "6f9619ff-8b86-d011-b42d-00c04fc964ff:Task")]
    public async Task A_read_only_command_on_a_missing_file_fails_with_a_hint_and_creates_nothing(params string[] command)
    {
        var run = await RunAsync([.. command, "--db", "missing.db"]);

        run.AssertFailedWithHint(1, "no event store at 'missing.db'");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("stats", "--bogus")]
    [InlineData("read")]
    [InlineData("streams", "--limit", "-3")]
    [InlineData("stats", "--db", "a.db", "--postgres", "Host=x")]
    public async Task Bad_arguments_are_usage_errors_with_a_hint(params string[] args) =>
        (await RunAsync(args)).AssertFailedWithHint(2, "");

    private async Task InitAsync(string db) => Assert.Equal(0, (await RunAsync("init", "--db", db)).ExitCode);

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_dir, args);

    private Task<CliRun> RunAsync(string[] args, string stdinFile) => CliRun.RunAsync(_dir, args, stdinFile);
}
