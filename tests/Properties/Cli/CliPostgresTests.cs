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

        var import = await CliRun.RunAsync(_dir, ["import", .. target], file);
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

        run.AssertFailedWithHint(1, "missing its schema, tables or functions");
    }
}
