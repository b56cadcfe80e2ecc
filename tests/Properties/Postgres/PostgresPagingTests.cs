// Keyset paging and SQL filters checked against the reference model, with pages of two rows and sub-microsecond bounds.
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresPagingTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] Tenants = [Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public async Task Paged_reads_with_every_option_agree_with_the_read_model()
    {
        await using var pg = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), ReadPageSize = 2 });
        await using var model = new InMemoryEventStore(TestEvents.NewRegistry());
        var streams = new[] { (Guid.NewGuid(), "Task"), (Guid.NewGuid(), "Account"), (Guid.NewGuid(), "Task") };
        for (var i = 0; i < 17; i++)
        {
            var (id, type) = streams[i % 3];
            // Event i occurred at i µs after T0 plus a sub-microsecond remainder (dropped by the store), some in +02:00.
            var at = T0.AddTicks((i * 10) + (i % 3)).ToOffset(TimeSpan.FromHours(i % 2 * 2));
            DomainEvent e = type == "Task"
                ? new TaskCreated { Title = $"t{i}", OccurredAt = at, TenantId = i % 4 == 0 ? null : Tenants[i % 2] }
                : new Deposited(i, "EUR") { OccurredAt = at, TenantId = i % 4 == 0 ? null : Tenants[i % 2] };
            await pg.AppendEventsAsync(id, type, [e], ExpectedVersion.Any);
            await model.AppendEventsAsync(id, type, [e], ExpectedVersion.Any);
        }

        foreach (var options in Options())
        {
            Assert.Equal(Keys(await model.ReadAllAsync(options).ToListAsync()), Keys(await pg.ReadAllAsync(options).ToListAsync()));
            foreach (var (id, type) in streams)
            {
                var streamId = StreamKey.Format(id, type);
                Assert.Equal(Keys(await model.ReadStreamAsync(streamId, options).ToListAsync()), Keys(await pg.ReadStreamAsync(streamId, options).ToListAsync()));
            }

            if (options.AggregateType is { } aggregateType && options.ToTimestamp is null && options.Direction == ReadDirection.Forward)
            {
                Assert.Equal(
                    (await model.GetEventsByTypeAsync(aggregateType, options.TenantId, options.FromTimestamp)).Select(e => e.EventId),
                    (await pg.GetEventsByTypeAsync(aggregateType, options.TenantId, options.FromTimestamp)).Select(e => e.EventId));
            }
        }

        foreach (var (id, type) in streams)
        {
            foreach (var fromVersion in new long[] { 0, 1, 3, 7 })
            {
                foreach (var (from, to) in new (DateTimeOffset?, DateTimeOffset?)[] { (null, null), (T0.AddTicks(35), null), (null, T0.AddTicks(121)), (T0.AddTicks(40), T0.AddTicks(120)) })
                {
                    var expected = await model.GetEventsAsync(id, type, fromVersion, from, to);
                    var actual = await pg.GetEventsAsync(id, type, fromVersion, from, to);
                    Assert.Equal(expected.Version, actual.Version);
                    Assert.Equal(expected.Events.Select(e => (e.EventId, e.AggregateVersion, e.OccurredAt)), actual.Events.Select(e => (e.EventId, e.AggregateVersion, e.OccurredAt)));
                }
            }
        }
    }

    private static IEnumerable<ReadOptions> Options()
    {
        ReadOptions[] filters =
        [
            new(),
            new() { FromTimestamp = T0.AddTicks(35) },
            new() { ToTimestamp = T0.AddTicks(121).ToOffset(TimeSpan.FromHours(-5)) },
            new() { FromTimestamp = T0.AddTicks(40), ToTimestamp = T0.AddTicks(120) },
            new() { TenantId = Tenants[0] },
            new() { AggregateType = "Account" },
            new() { AggregateType = "Task", TenantId = Tenants[1], FromTimestamp = T0.AddTicks(11) },
        ];
        foreach (var filter in filters)
        {
            foreach (var direction in new[] { ReadDirection.Forward, ReadDirection.Backward })
            {
                foreach (var fromPosition in new long[] { 0, 3, 100 })
                {
                    foreach (var limit in new int?[] { null, 0, 1, 3, 5 })
                    {
                        yield return filter with { Direction = direction, FromPosition = fromPosition, Limit = limit };
                    }
                }
            }
        }
    }

    private static List<(Guid, string, long, long)> Keys(List<StoredEvent> events) =>
        [.. events.Select(e => (e.EventId, e.StreamId, e.StreamPosition, e.GlobalPosition))];
}
