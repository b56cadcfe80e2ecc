// Schema creation and migration, the caller-owned data source, and infrastructure failures as EventStore exceptions.
using System.Net;
using System.Net.Sockets;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task InitializeAsync_from_eight_servers_at_once_creates_the_schema_once_and_is_idempotent()
    {
        var schema = fixture.NewSchema();
        await using var other = await PostgresFixture.NewDataSourceAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            PostgresFixture.CreateStoreAsync(new() { Schema = schema }, i % 2 == 0 ? null : other, initialize: false)));

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
        var appended = await stores[0].AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        await stores[1].InitializeAsync();

        Assert.Equal(appended.GlobalPosition, await stores[1].GetGlobalPositionAsync());
        Assert.Equal([1, 2, 3], await QueryAsync($"SELECT version FROM \"{schema}\".eventstore_schema_version ORDER BY version", r => r.GetInt32(0)));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Schema_name_with_quotes_and_spaces_works()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = $"My \"odd\" schema {Guid.NewGuid():N}"[..40] });
        var id = Guid.NewGuid();

        await store.AppendEventsAsync(id, "Task", [new TaskCreated { Title = "quoted" }], ExpectedVersion.NoStream);

        Assert.Equal("quoted", ((TaskCreated)(await store.GetEventsAsync(id, "Task")).Events[0]).Title);
    }

    [Fact]
    public async Task Payloads_are_json_that_SQL_can_query()
    {
        var schema = fixture.NewSchema();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        var created = new TaskCreated { Title = "Write the report", TenantId = Guid.NewGuid() };
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [created], ExpectedVersion.NoStream);

        var rows = await QueryAsync($"SELECT payload->>'title', payload->>'eventId', pg_typeof(payload)::text FROM \"{schema}\".events", r => (r.GetString(0), r.GetString(1), r.GetString(2)));

        Assert.Equal(("Write the report", created.EventId.ToString(), "json"), Assert.Single(rows));
    }

    [Fact]
    public async Task Disposing_the_store_leaves_the_callers_data_source_usable_and_later_calls_throw_EventStoreClosedException()
    {
        await using var dataSource = await PostgresFixture.NewDataSourceAsync();
        var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() }, dataSource);

        await store.DisposeAsync();

        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetGlobalPositionAsync());
        await using var ping = dataSource.CreateCommand("SELECT 1");
        Assert.Equal(1, await ping.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Missing_schema_surfaces_as_PostgresSchemaException_with_the_servers_message()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() }, initialize: false);

        var append = await Assert.ThrowsAsync<PostgresSchemaException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream));
        var read = await Assert.ThrowsAsync<PostgresSchemaException>(async () => await store.ReadAllAsync().ToListAsync());
        await Assert.ThrowsAsync<PostgresSchemaException>(() => store.GetStreamVersionAsync(Guid.NewGuid(), "Task"));

        Assert.IsAssignableFrom<EventStoreUnavailableException>(append);
        var server = Assert.IsType<PostgresException>(append.InnerException);
        Assert.Contains(server.MessageText, append.Message, StringComparison.Ordinal);
        Assert.Contains("InitializeAsync", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_from_a_newer_library_version_is_refused()
    {
        var schema = fixture.NewSchema();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await QueryAsync($"INSERT INTO \"{schema}\".eventstore_schema_version (version, description) VALUES (99, 'future') RETURNING version", r => r.GetInt32(0));

        var error = await Assert.ThrowsAsync<PostgresSchemaException>(() => store.InitializeAsync());

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_1_schema_is_upgraded_in_place_and_its_events_stay_readable()
    {
        var schema = fixture.NewSchema();
        var stream = Guid.NewGuid();
        await using (var old = await PostgresFixture.CreateStoreAsync(new() { Schema = schema }))
        {
            await old.AppendEventsAsync(stream, "Task", [new TaskCreated { Title = "written at version 1" }], ExpectedVersion.NoStream);
        }

        // What a version-1 library left behind: the table and its events, no append function, version 1 recorded.
        await QueryAsync($"DROP FUNCTION \"{schema}\".append_assumed; DROP FUNCTION \"{schema}\".append_assumed_one; DELETE FROM \"{schema}\".eventstore_schema_version WHERE version >= 2 RETURNING version", r => r.GetInt32(0));
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });

        var next = await store.AppendEventsAsync(stream, "Task", [new TaskCompleted()], ExpectedVersion.Exact(1));

        Assert.Equal([1, 2, 3], await QueryAsync($"SELECT version FROM \"{schema}\".eventstore_schema_version ORDER BY version", r => r.GetInt32(0)));
        Assert.Equal((1L, 0L), (store.Appends.AssumedWrites, store.Appends.Refuted)); // through the new function
        Assert.Equal(2, next.NewVersion);
        Assert.Equal(["written at version 1", null], (await store.GetEventsAsync(stream, "Task")).Events.Select(e => (e as TaskCreated)?.Title));
    }

    [Fact]
    public async Task A_version_2_schema_gains_the_one_event_function_and_its_one_event_appends_take_it()
    {
        var schema = fixture.NewSchema();
        var stream = Guid.NewGuid();
        await using (var old = await PostgresFixture.CreateStoreAsync(new() { Schema = schema }))
        {
            await old.AppendEventsAsync(stream, "Task", [new TaskCreated(), new TaskReassigned()], ExpectedVersion.NoStream);
        }

        // What a version-2 library left behind: append_assumed and append_assumed_group, versions 1 and 2 recorded.
        await QueryAsync($"DROP FUNCTION \"{schema}\".append_assumed_one; DELETE FROM \"{schema}\".eventstore_schema_version WHERE version = 3 RETURNING version", r => r.GetInt32(0));
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });

        var next = await store.AppendEventsAsync(stream, "Task", [new TaskCompleted()], ExpectedVersion.Exact(2));

        Assert.Equal([1, 2, 3], await QueryAsync($"SELECT version FROM \"{schema}\".eventstore_schema_version ORDER BY version", r => r.GetInt32(0)));
        Assert.Equal([1], await QueryAsync($"SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = '{schema.Replace("'", "''", StringComparison.Ordinal)}' AND p.proname = 'append_assumed_one'", r => r.GetInt32(0)));
        Assert.Equal((1L, 0L), (store.Appends.AssumedWrites, store.Appends.Refuted));
        Assert.Equal((3L, 3L), (next.NewVersion, next.GlobalPosition));
        Assert.Equal([1L, 2L, 3L], (await store.ReadStreamAsync(StreamKey.Format(stream, "Task")).ToListAsync()).Select(e => e.StreamPosition));
    }

    [Theory]
    [InlineData("append_assumed_one", 1)] // a batch of one event calls the scalar function
    [InlineData("append_assumed_group", 2)] // any other batch, a group, and every decision on loaded facts call the group function
    public async Task A_schema_whose_append_function_is_missing_asks_for_InitializeAsync(string function, int size)
    {
        var schema = fixture.NewSchema();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await QueryAsync($"DROP FUNCTION \"{schema}\".{function}; SELECT 1", r => r.GetInt32(0));
        DomainEvent[] batch = size == 1 ? [new TaskCreated()] : [new TaskCreated(), new TaskCompleted()];

        var error = await Assert.ThrowsAsync<PostgresSchemaException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", batch, ExpectedVersion.NoStream));

        Assert.Equal(PostgresErrorCodes.UndefinedFunction, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Contains("InitializeAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_a_serializable_default_the_one_statement_append_refuses_and_the_general_path_appends()
    {
        var schema = fixture.NewSchema();
        var serializable = new NpgsqlConnectionStringBuilder((await PostgresFixture.DataSourceAsync()).ConnectionString) { Options = "-c default_transaction_isolation=serializable" };
        await using var dataSource = NpgsqlDataSource.Create(serializable.ConnectionString);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema }, dataSource);
        var stream = Guid.NewGuid();

        var first = await store.AppendEventsAsync(stream, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var conflict = await store.TryAppendEventsAsync(stream, "Task", [new TaskCompleted()], ExpectedVersion.NoStream);

        Assert.Equal((0L, 2L), (store.Appends.AssumedWrites, store.Appends.Refuted));
        Assert.Equal(1, first.NewVersion);
        Assert.Equal(1, conflict.LeftToSeq().Single().ActualVersion);
        Assert.Equal(1, await store.GetStreamVersionAsync(stream, "Task"));
    }

    [Fact]
    public async Task Unreachable_server_surfaces_as_PostgresUnavailableException_with_the_drivers_message()
    {
        await using var nowhere = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Timeout=3");
        await using var store = new PostgresEventStore(nowhere, new() { Schema = "es_nowhere", Registry = TestEvents.NewRegistry() });

        var init = await Assert.ThrowsAsync<PostgresUnavailableException>(() => store.InitializeAsync());
        var append = await Assert.ThrowsAsync<PostgresUnavailableException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<PostgresUnavailableException>(async () => await store.ReadAllAsync().ToListAsync());
        await Assert.ThrowsAsync<PostgresUnavailableException>(() => store.EventExistsAsync(Guid.NewGuid()));

        Assert.IsAssignableFrom<EventStoreUnavailableException>(init);
        Assert.Contains(append.InnerException!.Message, append.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_at_construction()
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");

        Assert.Throws<ArgumentException>(() => new PostgresEventStore(dataSource, new() { Schema = "" }));
        Assert.Throws<ArgumentException>(() => new PostgresEventStore(dataSource, new() { Schema = new string('s', 64) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresEventStore(dataSource, new() { ReadPageSize = 0 }));
        Assert.Throws<ArgumentNullException>(() => new PostgresEventStore(null!));
        using var multiplexing = NpgsqlDataSource.Create("Host=127.0.0.1;Multiplexing=true");
        Assert.Throws<ArgumentException>(() => new PostgresEventStore(multiplexing));
    }

    [Theory]
    [InlineData("pg_temp_x")]
    [InlineData("pg_catalog")]
    [InlineData("pg_toast")]
    [InlineData("pg_")]
    [InlineData("information_schema")]
    public void A_reserved_schema_is_rejected_at_construction_naming_it(string schema)
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");

        var ex = Assert.Throws<ArgumentException>(() => new PostgresEventStore(dataSource, new() { Schema = schema }));

        Assert.Contains($"'{schema}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reserved", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PG_upper")]
    [InlineData("my_pg_schema")]
    [InlineData("information_schema_2")]
    public void A_schema_that_only_resembles_a_reserved_one_is_accepted(string schema)
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");

        using var store = new PostgresEventStore(dataSource, new() { Schema = schema });

        Assert.Equal(schema, store.Schema);
    }

    private static async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var cmd = (await PostgresFixture.DataSourceAsync()).CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
