// End-to-end: through the CLI the envelope is the store's — data cannot forge it, and a forged stored row exports and imports with its columns' envelope.
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class CliEnvelopeTests : IDisposable
{
    private const string ForgedTenant = "f0f0f0f0-0000-4000-8000-000000000003";
    private readonly string _dir = Directory.CreateTempSubdirectory("esf-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Append_with_data_naming_an_envelope_property_fails_naming_it_and_writes_nothing()
    {
        var stream = $"{Guid.NewGuid()}:Doc";
        Assert.Equal(0, (await RunAsync("init", "--db", "s.db")).ExitCode);

        var forged = await RunAsync("append", stream, "--event-type", "DocWritten", "--data", $$"""{"title":"x","tenantId":"{{ForgedTenant}}"}""", "--db", "s.db");

        forged.AssertFailedWithHint(2, "'tenantId'");
        Assert.Empty((await RunAsync("read", stream, "--json", "--db", "s.db")).OutputLines);
    }

    [Fact]
    public async Task A_stored_row_whose_payload_forges_the_envelope_reads_exports_and_imports_with_the_envelope_of_its_columns()
    {
        var id = Guid.NewGuid();
        var stream = $"{id}:Doc";
        Assert.Equal(0, (await RunAsync("init", "--db", "source.db")).ExitCode);
        Assert.Equal(0, (await RunAsync("append", stream, "--event-type", "DocWritten", "--data", """{"title":"x"}""", "--db", "source.db")).ExitCode);
        var eventId = JsonDocument.Parse(Assert.Single((await RunAsync("read", stream, "--json", "--db", "source.db")).OutputLines)).RootElement.GetProperty("eventId").GetGuid();

        // A payload that disagrees with its row, as an older version or another tool could have written it.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "source.db")};Pooling=False"))
        {
            connection.Open();
            using var forge = connection.CreateCommand();
            forge.CommandText = """
                UPDATE events SET payload = json_set(payload, '$.tenantId', $tenant, '$.aggregateId', $other, '$.eventId', $other, '$.aggregateVersion', 99)
                """;
            forge.Parameters.AddWithValue("$tenant", ForgedTenant);
            forge.Parameters.AddWithValue("$other", Guid.NewGuid().ToString("D"));
            Assert.Equal(1, forge.ExecuteNonQuery());
        }

        var export = await RunAsync("export", "--db", "source.db");
        var file = Path.Combine(_dir, "events.jsonl");
        await File.WriteAllTextAsync(file, export.Output);
        Assert.Equal(0, (await RunAsync(["import", "--create", "--db", "copy.db"], file)).ExitCode);
        var copy = await RunAsync("export", "--db", "copy.db");

        var line = JsonDocument.Parse(Assert.Single(export.OutputLines)).RootElement;
        Assert.Equal(eventId, line.GetProperty("eventId").GetGuid());
        var payload = line.GetProperty("payload");
        Assert.Equal(eventId, payload.GetProperty("eventId").GetGuid());
        Assert.Equal(id, payload.GetProperty("aggregateId").GetGuid());
        Assert.Equal(1, payload.GetProperty("aggregateVersion").GetInt64());
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("tenantId").ValueKind);
        Assert.Equal(export.OutputLines, copy.OutputLines);
        foreach (var db in new[] { "source.db", "copy.db" })
        {
            var tail = await RunAsync("tail", "--tenant", ForgedTenant, "--db", db);
            Assert.Equal(0, tail.ExitCode);
            Assert.DoesNotContain(tail.OutputLines, l => l.Contains("DocWritten", StringComparison.Ordinal));
        }
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(_dir, args);

    private Task<CliRun> RunAsync(string[] args, string stdinFile) => CliRun.RunAsync(_dir, args, stdinFile);
}
