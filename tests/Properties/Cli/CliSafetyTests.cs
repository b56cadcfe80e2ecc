// End-to-end: no command deletes or writes into a store the user did not name for it; only init (or --create) creates one; a failed import says how far it got.
namespace EventStore.Functional.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class CliSafetyTests : IDisposable
{
    private const string Stream = "0b9a2c1e-5f7d-4c2a-9a51-3f2e8d7c6b10:Order";
    private readonly string _dir = Directory.CreateTempSubdirectory("esf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Eventstore_alone_runs_the_demo_on_its_own_file_and_leaves_the_default_store_untouched()
    {
        await StoreWithOneEventAsync("events.db");

        var demo = await RunAsync();

        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("Tutorial complete!", demo.Output, StringComparison.Ordinal);
        Assert.Equal(1, await EventsAsync("events.db"));
        Assert.Equal(3, await EventsAsync("tutorial.db"));
    }

    [Fact]
    public async Task The_demo_run_twice_recreates_its_own_file_and_starts_again_at_position_one()
    {
        Assert.Equal(0, (await RunAsync()).ExitCode);

        var again = await RunAsync();

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("   Global position: 1", again.Output, StringComparison.Ordinal);
        Assert.Equal(3, await EventsAsync("tutorial.db"));
    }

    [Theory]
    [InlineData("demo", "--db", "shop.db")]
    [InlineData("demo", "--db", "tutorial.db")]
    public async Task The_demo_refuses_a_store_holding_events_it_did_not_write_and_leaves_it_as_it_was(params string[] args)
    {
        await StoreWithOneEventAsync(args[^1]);
        var before = await ExportAsync(args[^1]);

        var demo = await RunAsync(args);

        demo.AssertFailedWithHint(1, "holds 1 event that the demo did not write");
        Assert.Equal(before, await ExportAsync(args[^1]));
    }

    [Fact]
    public async Task The_demo_runs_on_a_new_file_it_is_given()
    {
        var demo = await RunAsync("demo", "--db", "new.db");

        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Equal(3, await EventsAsync("new.db"));
    }

    [Theory]
    [InlineData("--db", "shop.db")]
    [InlineData("--db=shop.db")]
    public async Task Store_options_without_a_command_are_a_usage_error_and_write_nothing(params string[] args)
    {
        await StoreWithOneEventAsync("shop.db");
        var before = await ExportAsync("shop.db");

        var run = await RunAsync(args);

        run.AssertFailedWithHint(2, "no command given");
        Assert.Equal(before, await ExportAsync("shop.db"));
        Assert.False(File.Exists(Path.Combine(_dir, "tutorial.db")));
    }

    [Fact]
    public async Task Append_to_a_missing_file_fails_with_a_hint_and_creates_nothing()
    {
        var run = await RunAsync("append", Stream, "--event-type", "OrderPlaced", "--data", "{}", "--db", "nothere.db");

        run.AssertFailedWithHint(1, "no event store at 'nothere.db'");
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Append_with_create_creates_the_store()
    {
        var run = await RunAsync("append", Stream, "--event-type", "OrderPlaced", "--data", "{}", "--create", "--db", "new.db");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(1, await EventsAsync("new.db"));
    }

    [Fact]
    public async Task Import_into_a_missing_file_fails_unless_told_to_create_it()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var file = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(file, (await RunAsync("export", "--db", "source.db")).Output);

        (await CliRun.RunAsync(_dir, ["import", "--db", "copy.db"], file)).AssertFailedWithHint(1, "no event store at 'copy.db'");
        Assert.False(File.Exists(Path.Combine(_dir, "copy.db")));
    }

    [Fact]
    public async Task Import_that_meets_a_malformed_line_stores_the_lines_before_it_says_how_far_it_got_and_a_rerun_completes_the_copy()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var lines = (await RunAsync("export", "--db", "source.db")).OutputLines;
        var broken = Path.Combine(_dir, "broken.jsonl");
        var fixedFile = Path.Combine(_dir, "fixed.jsonl");
        await File.WriteAllLinesAsync(broken, [.. lines.Take(5), "{\"streamId\": oops", .. lines.Skip(6)]);
        await File.WriteAllLinesAsync(fixedFile, lines);
        Assert.Equal(0, (await RunAsync("init", "--db", "copy.db")).ExitCode);

        var failed = await RunAsync("import", broken, "--db", "copy.db");
        var rerun = await RunAsync("import", fixedFile, "--db", "copy.db");

        failed.AssertFailedWithHint(1, "line 6 is not an export line");
        Assert.Contains("import stopped after line 5, the last line now in the target", failed.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("fix line 6", failed.ErrorLines[1], StringComparison.Ordinal);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains("4 written, 5 already stored", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(lines, (await RunAsync("export", "--db", "copy.db")).OutputLines);
    }

    [Fact]
    public async Task Import_that_the_store_fails_says_how_far_it_got_with_the_stores_own_hint()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var file = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(file, (await RunAsync("export", "--db", "source.db")).Output);
        Assert.Equal(0, (await RunAsync("init", "--db", "copy.db")).ExitCode);

        // Another connection holds the file's write lock for longer than the store's busy timeout (5 s).
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "copy.db")};Pooling=False"))
        {
            await holder.OpenAsync();
            await using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();

            var busy = await RunAsync("import", file, "--db", "copy.db");

            busy.AssertFailedWithHint(1, "import stopped before anything was stored");
            Assert.Contains("locked", busy.ErrorLines[1], StringComparison.Ordinal);
            begin.CommandText = "ROLLBACK";
            await begin.ExecuteNonQueryAsync();
        }

        var rerun = await RunAsync("import", file, "--db", "copy.db");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains("9 written", rerun.Error, StringComparison.Ordinal);
    }

    private async Task StoreWithOneEventAsync(string db)
    {
        Assert.Equal(0, (await RunAsync("init", "--db", db)).ExitCode);
        Assert.Equal(0, (await RunAsync("append", Stream, "--event-type", "OrderPlaced", "--data", """{"sku":"A-42"}""", "--db", db)).ExitCode);
    }

    private async Task<IReadOnlyList<string>> ExportAsync(string db) => (await RunAsync("export", "--db", db)).OutputLines;

    private async Task<int> EventsAsync(string db) => (await ExportAsync(db)).Count;

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_dir, args);
}
