// The read's decode-ahead on PostgreSQL: order kept across chunks and pages, a bad payload ends the read at its row,
// and stopping early or cancelling gives every connection back.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDecodeAheadTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    [InlineData(10_000, 256)]
    public async Task Long_reads_return_every_event_once_in_position_order_whatever_the_page_and_chunk(int pageSize, int chunkRows)
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), ReadPageSize = pageSize, ReadChunkRows = chunkRows });
        var stream = Guid.NewGuid();
        var appended = new List<Guid>();
        for (var batch = 0; batch < 3; batch++)
        {
            var events = Enumerable.Range(0, 700).Select(i => new TaskCreated { Title = $"{batch}/{i}" }).ToArray();
            await store.AppendEventsAsync(stream, "Task", events, ExpectedVersion.Any);
            appended.AddRange(events.Select(e => e.EventId));
        }

        var all = await store.ReadAllAsync().ToListAsync();
        Assert.Equal(appended, all.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(1, 2100).Select(i => (long)i), all.Select(e => e.StreamPosition));
        Assert.All(all, e => Assert.Equal(StreamKey.Format(stream, "Task"), e.StreamId));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.Item1.GlobalPosition < p.Item2.GlobalPosition));

        var backward = await store.ReadStreamAsync(StreamKey.Format(stream, "Task"), new() { Direction = ReadDirection.Backward, Limit = 1500 }).ToListAsync();
        Assert.Equal(Enumerable.Range(601, 1500).Reverse().Select(i => (long)i), backward.Select(e => e.StreamPosition));
        Assert.Equal(appended.Skip(600).Reverse(), backward.Select(e => e.EventId));
        Assert.Equal(appended, (await store.GetEventsAsync(stream, "Task")).Events.Select(e => e.EventId));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(256)]
    public async Task A_payload_that_cannot_be_decoded_ends_the_read_at_its_row_after_every_event_before_it(int chunkRows)
    {
        var schema = fixture.NewSchema();
        await using var writer = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        var tasks = Guid.NewGuid();
        var before = Enumerable.Range(0, 1100).Select(i => new TaskCreated { Title = $"before {i}" }).ToArray();
        await writer.AppendEventsAsync(tasks, "Task", before, ExpectedVersion.NoStream);
        await writer.AppendEventsAsync(Guid.NewGuid(), "Account", [new Deposited(1m, "EUR")], ExpectedVersion.NoStream);
        await writer.AppendEventsAsync(tasks, "Task", [.. Enumerable.Range(0, 900).Select(i => new TaskCreated { Title = $"after {i}" })], ExpectedVersion.Any);

        // A store that knows only the task events: the deposit's row is unreadable to it.
        await using var reader = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, Registry = TestEvents.TaskRegistry(), ReadPageSize = 500, ReadChunkRows = chunkRows });
        var seen = new List<Guid>();
        var ex = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(async () =>
        {
            await foreach (var e in reader.ReadAllAsync())
            {
                seen.Add(e.EventId);
            }
        });
        Assert.Equal("Deposited", ex.EventType);
        Assert.Equal(before.Select(e => e.EventId), seen);

        // The task stream itself reads whole, and so does the feed after the bad row.
        Assert.Equal(2000, await reader.ReadStreamAsync(StreamKey.Format(tasks, "Task")).CountAsync());
        var checkpoint = (await writer.ReadAllAsync().ToListAsync())[1100].GlobalPosition;
        Assert.Equal(900, await reader.ReadAllAsync(new() { FromPosition = checkpoint }).CountAsync());
    }

    [Fact]
    public async Task Stopping_early_or_cancelling_mid_read_gives_every_connection_back()
    {
        // Two connections and a short timeout: a read that kept its connection would fail the next reads fast.
        var pooled = new NpgsqlConnectionStringBuilder((await PostgresFixture.DataSourceAsync()).ConnectionString) { MaxPoolSize = 2, Timeout = 5 };
        await using var dataSource = NpgsqlDataSource.Create(pooled.ConnectionString);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), ReadPageSize = 50, ReadChunkRows = 4 }, dataSource);
        var stream = Guid.NewGuid();
        await store.AppendEventsAsync(stream, "Task", [.. Enumerable.Range(0, 400).Select(i => new TaskCreated { Title = $"{i}" })], ExpectedVersion.NoStream);

        for (var round = 0; round < 12; round++)
        {
            var stopAt = round * 31 % 400;
            var read = 0;
            await foreach (var e in store.ReadAllAsync())
            {
                if (read++ == stopAt)
                {
                    break;
                }
            }

            Assert.Equal(stopAt + 1, read);

            using var cts = new CancellationTokenSource();
            var beforeCancel = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var e in store.ReadStreamAsync(StreamKey.Format(stream, "Task"), ct: cts.Token))
                {
                    if (++beforeCancel == stopAt + 1)
                    {
                        await cts.CancelAsync();
                    }
                }
            });
            Assert.Equal(stopAt + 1, beforeCancel);
        }

        Assert.Equal(400, await store.ReadAllAsync().CountAsync());
    }
}
