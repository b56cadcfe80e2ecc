// A small but varied history written straight through SqliteEventStore, for the CLI's export and import tests.
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Cli;

public static class CliHistory
{
    /// <summary>Creates <paramref name="path"/> with 9 events in 6 batches over 3 streams of 2 types (tenant, metadata, decimals included).</summary>
    public static async Task WriteAsync(string path)
    {
        await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = path, Registry = TestEvents.NewRegistry() });
        await store.InitializeAsync();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), tenant = Guid.NewGuid();
        var at = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await store.AppendEventsAsync(a, "Task", [new TaskCreated { Title = "Write the CLI", OccurredAt = at, TenantId = tenant, ActorId = "ana" }], ExpectedVersion.NoStream);
        await store.AppendEventsAsync(b, "Account", [new Deposited(12.50m, "EUR") { Tags = ["x", "y"] }, new Deposited(0.01m, "USD")], ExpectedVersion.NoStream);
        await store.AppendEventsAsync(a, "Task", [new TaskRenamed { NewTitle = "Ship the CLI", CausationId = Guid.NewGuid() }, new TaskCompleted { Metadata = new Dictionary<string, string> { ["source"] = "test" } }], 1);
        await store.AppendEventsAsync(c, "Task", [new TaskCreated { Title = "Ünïcødé \"quotes\" \n newline" }], ExpectedVersion.NoStream);
        await store.AppendEventsAsync(b, "Account", [new Deposited(1e6m, "JPY")], 2);
        await store.AppendEventsAsync(c, "Task", [new TaskReassigned { NewAssignee = Guid.NewGuid() }, new TaskCompleted()], 1);
    }
}
