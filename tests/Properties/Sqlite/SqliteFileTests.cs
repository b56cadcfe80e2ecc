// The SQLite file itself: reopening, schema versioning, journal modes, readability with sqlite3, locks and closing.
using System.Diagnostics;
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Support;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Tests.Sqlite;

public sealed class SqliteFileTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Reopening_a_file_keeps_every_event_and_continues_the_positions()
    {
        var path = fixture.NewDatabasePath();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        List<Guid> written;
        await using (var first = await SqliteFixture.OpenAsync(fixture.Options(path)))
        {
            TaskCreated[] batch = [new() { Title = "one" }, new() { Title = "two" }];
            await first.AppendEventsAsync(a, "Task", batch, ExpectedVersion.NoStream);
            await first.AppendEventsAsync(b, "Task", [new TaskCreated { Title = "three" }], ExpectedVersion.NoStream);
            written = await EventIdsAsync(first);
        }

        await using var second = await SqliteFixture.OpenAsync(fixture.Options(path));
        Assert.Equal(written, await EventIdsAsync(second));
        Assert.Equal(3, await second.GetGlobalPositionAsync());
        Assert.Equal(2, await second.GetStreamVersionAsync(a, "Task"));
        var next = await second.AppendEventsAsync(a, "Task", [new TaskCompleted()], ExpectedVersion.Exact(2));
        Assert.Equal((3L, 4L), (next.NewVersion, next.GlobalPosition));
        var titles = (await second.GetEventsAsync(a, "Task")).Events.OfType<TaskCreated>().Select(e => e.Title);
        Assert.Equal(["one", "two"], titles);
    }

    [Fact]
    public async Task Initialising_again_or_from_several_instances_at_once_applies_each_schema_version_once()
    {
        var path = fixture.NewDatabasePath();
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteEventStore(fixture.Options(path))).ToList();
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        await stores[0].InitializeAsync();
        await stores[1].AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        await stores[2].InitializeAsync();
        Assert.Equal(1, await stores[3].GetGlobalPositionAsync());
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        Assert.Equal([1L], Query<long>(path, "SELECT version FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_version_is_refused_with_a_message_naming_it()
    {
        var path = fixture.NewDatabasePath();
        await (await SqliteFixture.OpenAsync(fixture.Options(path))).DisposeAsync();
        Execute(path, "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");

        await using var store = new SqliteEventStore(fixture.Options(path));
        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.InitializeAsync());
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Using_a_file_without_its_schema_fails_with_an_EventStore_exception_naming_the_file()
    {
        var path = fixture.NewDatabasePath();
        await using var store = new SqliteEventStore(fixture.Options(path));

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public async Task Payloads_are_JSON_text_that_the_sqlite3_shell_can_query()
    {
        var path = fixture.NewDatabasePath();
        var id = Guid.NewGuid();
        var tenant = Guid.NewGuid();
        await using (var store = await SqliteFixture.OpenAsync(fixture.Options(path)))
        {
            await store.AppendEventsAsync(id, "Task", [new TaskCreated { Title = "Learn event stores", TenantId = tenant }], ExpectedVersion.NoStream);
        }

        var output = Sqlite3(path, $"SELECT json_extract(payload,'$.title'), event_type, stream_id, tenant_id FROM events WHERE json_extract(payload,'$.aggregateId') = '{id:D}'");
        Assert.Equal($"Learn event stores|TaskCreated|{id:D}:Task|{tenant:D}", output.Trim());
    }

    [Fact]
    public async Task The_journal_is_WAL_by_default_and_the_rollback_journal_when_WalMode_is_off()
    {
        var wal = fixture.NewDatabasePath();
        var rollback = fixture.NewDatabasePath();
        await using (var store = await SqliteFixture.OpenAsync(fixture.Options(wal)))
        await using (var other = await SqliteFixture.OpenAsync(fixture.Options(rollback) with { WalMode = false }))
        {
            await other.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
            Assert.Equal(1, await other.GetGlobalPositionAsync());
        }

        Assert.Equal(["wal"], Query<string>(wal, "PRAGMA journal_mode"));
        Assert.Equal(["delete"], Query<string>(rollback, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_file_locked_past_the_busy_timeout_gives_a_busy_exception_naming_it_and_writes_nothing()
    {
        var path = fixture.NewDatabasePath();
        await using var store = await SqliteFixture.OpenAsync(fixture.Options(path) with { BusyTimeout = TimeSpan.FromMilliseconds(100) });
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        await using (var locker = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            locker.Open();
            using var begin = locker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
            var waited = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<SqliteStoreBusyException>(() => store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Any));
            Assert.Equal(path, error.Database);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.IsType<SqliteException>(error.InnerException);
            Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(100), $"gave up after {waited.Elapsed}");
        }

        Assert.Equal(1, await store.GetStreamVersionAsync(id, "Task"));
        var result = await store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Exact(1));
        Assert.Equal(2, result.GlobalPosition);
    }

    [Fact]
    public async Task Disposing_closes_every_connection_it_opened()
    {
        var path = fixture.NewDatabasePath();
        var store = await SqliteFixture.OpenAsync(fixture.Options(path));
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () => await store.ReadAllAsync().CountAsync())));
        Assert.True(File.Exists(path + "-wal"));

        await store.DisposeAsync();

        // SQLite checkpoints and deletes the WAL file when the last connection to the database closes.
        Assert.False(File.Exists(path + "-wal"), "a connection is still open after DisposeAsync");
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetGlobalPositionAsync());
    }

    [Fact]
    public async Task Reading_a_stored_type_that_the_registry_lacks_names_it_instead_of_skipping_it()
    {
        var path = fixture.NewDatabasePath();
        await using var writer = await SqliteFixture.OpenAsync(fixture.Options(path));
        var account = Guid.NewGuid();
        await writer.AppendEventsAsync(account, "Account", [new Deposited(10m, "EUR")], ExpectedVersion.NoStream);
        await using var reader = await SqliteFixture.OpenAsync(fixture.Options(path, new EventRegistry().Register<TaskCreated>()));

        var error = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(async () => await reader.ReadAllAsync().CountAsync());
        Assert.Contains("Deposited", error.Message, StringComparison.Ordinal);

        // GetEventsAsync decodes on a path of its own (one statement, without a filter) and with the filtered query.
        var whole = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => reader.GetEventsAsync(account, "Account"));
        Assert.Contains("Deposited", whole.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => reader.GetEventsAsync(account, "Account", fromTimestamp: DateTimeOffset.UnixEpoch));
    }

    private static async Task<List<Guid>> EventIdsAsync(IEventStore store) => await store.ReadAllAsync().Select(e => e.EventId).ToListAsync();

    private static List<T> Query<T>(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Sqlite3(string path, string sql)
    {
        var info = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(path);
        info.ArgumentList.Add(sql);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("This test needs the sqlite3 shell on PATH (apt-get install -y sqlite3; .ci/run installs it).", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"sqlite3 failed: {errors}");
            return output;
        }
    }
}
