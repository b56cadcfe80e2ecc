// The store behind PgBouncer: transaction pooling is refused before anything is read or written; session pooling keeps every guarantee.
using System.Collections.Concurrent;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>Starts one PgBouncer in transaction mode and one in session mode in front of the shared test server.</summary>
public sealed class PgBouncerFixture : IAsyncLifetime
{
    public PgBouncer Transaction { get; private set; } = null!;

    public PgBouncer Session { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = (await PostgresFixture.DataSourceAsync()).ConnectionString;
        Transaction = await PgBouncer.StartAsync(server, "transaction");
        Session = await PgBouncer.StartAsync(server, "session");
    }

    public async Task DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Session.DisposeAsync();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPoolerTests(PostgresFixture fixture, PgBouncerFixture bouncers) : IClassFixture<PostgresFixture>, IClassFixture<PgBouncerFixture>
{
    [Fact]
    public async Task Behind_transaction_pooling_InitializeAsync_refuses_with_a_message_naming_the_fix_and_creates_nothing()
    {
        await using var source = NpgsqlDataSource.Create(bouncers.Transaction.ConnectionString);
        var schema = fixture.NewSchema();
        await using var store = new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = schema, Registry = TestEvents.NewRegistry() });

        var refused = await Assert.ThrowsAsync<PostgresPoolingException>(() => store.InitializeAsync());

        Assert.Contains("pool_mode = session", refused.Message, StringComparison.Ordinal);
        Assert.Contains("pool_mode = transaction", refused.Message, StringComparison.Ordinal);
        await using var schemas = (await PostgresFixture.DataSourceAsync()).CreateCommand($"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'");
        Assert.Equal(0L, await schemas.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Behind_transaction_pooling_the_first_call_refuses_when_InitializeAsync_was_never_called_and_nothing_is_written()
    {
        var schema = fixture.NewSchema();
        await using var direct = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await using var source = NpgsqlDataSource.Create(bouncers.Transaction.ConnectionString);
        await using var pooled = new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = schema, Registry = TestEvents.NewRegistry() });
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<PostgresPoolingException>(() => pooled.AppendEventsAsync(id, "Task", [new TaskCreated { Title = "never" }], ExpectedVersion.NoStream));
        await Assert.ThrowsAsync<PostgresPoolingException>(async () => await pooled.ReadAllAsync().ToListAsync());
        await Assert.ThrowsAsync<PostgresPoolingException>(() => pooled.GetStreamVersionAsync(id, "Task"));
        await Assert.ThrowsAsync<PostgresPoolingException>(() => pooled.GetStatisticsAsync());

        Assert.Equal(0, await direct.GetGlobalPositionAsync());
        Assert.Equal(0, await direct.GetStreamVersionAsync(id, "Task"));
    }

    [Fact]
    public async Task A_data_source_of_one_connection_passes_the_session_check_and_serves_the_store()
    {
        // The check's second connection cannot be lent while the first is open in a pool of one: it must not be asked for.
        await using var source = NpgsqlDataSource.Create((await PostgresFixture.DataSourceAsync()).ConnectionString + ";Maximum Pool Size=1;Timeout=3");
        await using var store = new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = fixture.NewSchema(), Registry = TestEvents.NewRegistry() });

        await store.InitializeAsync();
        var result = await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated { Title = "one connection" }], ExpectedVersion.NoStream);

        Assert.Equal(1, result.NewVersion);
    }

    [Fact]
    public async Task Behind_session_pooling_16_writers_stream_reads_and_a_checkpointed_feed_reader_keep_every_guarantee()
    {
        await using var source = NpgsqlDataSource.Create(bouncers.Session.ConnectionString);
        var schema = fixture.NewSchema();
        await using var store = new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = schema, Registry = TestEvents.NewRegistry() });
        await store.InitializeAsync();
        var acknowledged = new ConcurrentBag<(Guid EventId, long Position)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var streams = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToArray();

        var writers = streams.Select(id => Task.Run(async () =>
        {
            for (var version = 0; !stop.IsCancellationRequested; version++)
            {
                var e = new TaskRenamed { NewTitle = $"v{version + 1}" };
                var result = await store.AppendEventsAsync(id, "Task", [e], ExpectedVersion.Exact(version));
                Assert.Equal(version + 1, result.NewVersion);
                acknowledged.Add((e.EventId, result.GlobalPosition));
            }
        })).ToArray();
        var delivered = new List<StoredEvent>();
        var reader = Task.Run(async () =>
        {
            long checkpoint = 0;
            while (!stop.IsCancellationRequested || !writers.All(w => w.IsCompleted))
            {
                await foreach (var e in store.ReadAllAsync(new() { FromPosition = checkpoint, Limit = 50 }))
                {
                    Assert.True(e.GlobalPosition > checkpoint, $"position {e.GlobalPosition} delivered after checkpoint {checkpoint}");
                    checkpoint = e.GlobalPosition;
                    delivered.Add(e);
                }
            }
        });
        await Task.WhenAll(writers);
        await reader;
        var head = await store.GetGlobalPositionAsync();
        await foreach (var e in store.ReadAllAsync(new() { FromPosition = delivered.Count == 0 ? 0 : delivered[^1].GlobalPosition }))
        {
            delivered.Add(e);
        }

        Assert.True(acknowledged.Count > 16, $"only {acknowledged.Count} appends in 6 s");
        Assert.Equal(acknowledged.OrderBy(a => a.Position).Select(a => a.EventId), delivered.Select(e => e.EventId));
        Assert.Equal(head, delivered[^1].GlobalPosition);
        foreach (var id in streams)
        {
            var stream = StreamKey.Format(id, "Task");
            var forward = await store.ReadStreamAsync(stream).Select(e => e.StreamPosition).ToListAsync();
            var newest = await store.ReadStreamAsync(stream, new() { Direction = ReadDirection.Backward, Limit = 3 }).Select(e => e.StreamPosition).ToListAsync();
            Assert.Equal(Enumerable.Range(1, forward.Count).Select(n => (long)n), forward);
            Assert.Equal([forward.Count, forward.Count - 1, forward.Count - 2], newest);
        }
    }
}
