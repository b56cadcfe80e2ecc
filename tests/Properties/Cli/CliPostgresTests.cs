// End-to-end: the built `eventstore` command copies a SQLite store into a fresh PostgreSQL schema line for line.
using EventStore.Functional.Tests.Postgres;

namespace EventStore.Functional.Tests.Cli;

[Collection(PostgresCollection.Name)]
public sealed class CliPostgresTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Export_from_sqlite_then_import_into_postgres_then_export_gives_identical_json_lines()
    {
        await CliHistory.WriteAsync(Path.Combine(_dir, "source.db"));
        var connection = Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable) is { Length: > 0 } external
            ? external
            : (await PostgresFixture.DataSourceAsync()).ConnectionString;
        string[] target = ["--postgres", connection, "--schema", fixture.NewSchema()];
        var export = await CliRun.RunAsync(_dir, ["export", "--db", "source.db"]);
        var file = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(file, export.Output);

        var import = await CliRun.RunAsync(_dir, ["import", "--create", .. target], file);
        var again = await CliRun.RunAsync(_dir, ["import", .. target], file);
        var copy = await CliRun.RunAsync(_dir, ["export", .. target]);

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("9 written", import.Error, StringComparison.Ordinal);
        Assert.Contains("0 written, 9 already stored", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, copy.ExitCode);
        Assert.Equal(9, export.OutputLines.Count);
        Assert.Equal(export.OutputLines, copy.OutputLines);
    }

    [Fact]
    public async Task Read_only_commands_on_a_schema_without_tables_fail_with_a_hint()
    {
        var connection = (await PostgresFixture.DataSourceAsync()).ConnectionString;

        var run = await CliRun.RunAsync(_dir, ["stats", "--postgres", connection, "--schema", fixture.NewSchema()]);

        run.AssertFailedWithHint(1, "no event store in PostgreSQL schema");
        Assert.Contains("eventstore init", run.ErrorLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_options_from_the_environment_without_a_command_are_a_usage_error_and_write_nothing()
    {
        var connection = await ConnectionAsync();
        var schema = fixture.NewSchema();
        Assert.Equal(0, (await CliRun.RunAsync(_dir, ["init", "--postgres", connection, "--schema", schema])).ExitCode);
        var environment = new Dictionary<string, string> { ["EVENTSTORE_POSTGRES"] = connection };

        var run = await CliRun.RunAsync(_dir, ["--schema", schema], environment: environment);

        run.AssertFailedWithHint(2, "no command given");
        Assert.Contains("Events:           0", (await CliRun.RunAsync(_dir, ["stats", "--schema", schema], environment: environment)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_on_postgres_runs_on_a_new_schema_and_refuses_one_that_holds_events()
    {
        string[] target = ["--postgres", await ConnectionAsync(), "--schema", fixture.NewSchema()];

        var first = await CliRun.RunAsync(_dir, ["demo", .. target]);
        var second = await CliRun.RunAsync(_dir, ["demo", .. target]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Tutorial complete!", first.Output, StringComparison.Ordinal);
        second.AssertFailedWithHint(1, "holds 3 events of an earlier demo run");
        Assert.Equal(3, (await CliRun.RunAsync(_dir, ["export", .. target])).OutputLines.Count);
    }

    [Fact]
    public async Task A_missing_database_is_reported_with_a_hint_to_create_it_not_to_run_init()
    {
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(await ConnectionAsync()) { Database = "no_such_database_" + Guid.NewGuid().ToString("N")[..8] };

        var run = await CliRun.RunAsync(_dir, ["init", "--postgres", missing.ConnectionString, "--schema", fixture.NewSchema()]);

        run.AssertFailedWithHint(1, "3D000");
        Assert.Contains("createdb", run.ErrorLines[1], StringComparison.Ordinal);
        Assert.Contains("not databases", run.ErrorLines[1], StringComparison.Ordinal);
    }

    private static async Task<string> ConnectionAsync() =>
        Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable) is { Length: > 0 } external
            ? external
            : (await PostgresFixture.DataSourceAsync()).ConnectionString;
}
