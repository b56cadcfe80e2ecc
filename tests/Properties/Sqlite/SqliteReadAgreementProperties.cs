// Every ReadOptions filter is translated to SQL: random options must read exactly what the reference model reads.
using EventStore.Functional.Memory;
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EventStore.Functional.Tests.Sqlite;

public sealed class SqliteReadAgreementProperties(SqliteReadAgreementProperties.Stores stores) : IClassFixture<SqliteReadAgreementProperties.Stores>
{
    [Property(Arbitrary = [typeof(Generators)], MaxTest = 150, QuietOnSuccess = true)]
    public async Task ReadAll_with_any_options_reads_what_the_model_reads(ReadOptions options)
    {
        foreach (var sqlite in stores.Sqlite)
        {
            Assert.Equal(await Rows(stores.Memory.ReadAllAsync(options)), await Rows(sqlite.ReadAllAsync(options)));
        }
    }

    [Property(Arbitrary = [typeof(Generators)], MaxTest = 150, QuietOnSuccess = true)]
    public async Task ReadStream_with_any_options_reads_what_the_model_reads(ReadOptions options, NonNegativeInt stream)
    {
        var id = stores.Streams[stream.Get % stores.Streams.Count];
        foreach (var sqlite in stores.Sqlite)
        {
            Assert.Equal(await Rows(stores.Memory.ReadStreamAsync(id, options)), await Rows(sqlite.ReadStreamAsync(id, options)));
        }
    }

    [Property(Arbitrary = [typeof(Generators)], MaxTest = 100, QuietOnSuccess = true)]
    public async Task GetEvents_and_GetEventsByType_read_what_the_model_reads(ReadOptions options, NonNegativeInt stream, NonNegativeInt fromVersion)
    {
        var key = StreamKey.Parse(stores.Streams[stream.Get % stores.Streams.Count]);
        var type = options.AggregateType ?? key.AggregateType;
        var expected = await stores.Memory.GetEventsAsync(key.AggregateId, key.AggregateType, fromVersion.Get % 12, options.FromTimestamp, options.ToTimestamp);
        var expectedByType = await stores.Memory.GetEventsByTypeAsync(type, options.TenantId, options.FromTimestamp);
        foreach (var sqlite in stores.Sqlite)
        {
            var actual = await sqlite.GetEventsAsync(key.AggregateId, key.AggregateType, fromVersion.Get % 12, options.FromTimestamp, options.ToTimestamp);
            Assert.Equal(expected.Version, actual.Version);
            Assert.Equal(expected.Events.Select(e => (e.EventId, e.AggregateVersion, e.OccurredAt)), actual.Events.Select(e => (e.EventId, e.AggregateVersion, e.OccurredAt)));
            var byType = await sqlite.GetEventsByTypeAsync(type, options.TenantId, options.FromTimestamp);
            Assert.Equal(expectedByType.Select(e => e.EventId), byType.Select(e => e.EventId));
        }
    }

    private static async Task<List<(long, string, long, Guid, DateTimeOffset, DateTimeOffset, Guid?)>> Rows(IAsyncEnumerable<StoredEvent> events) =>
        await events.Select(e => (e.GlobalPosition, e.StreamId, e.StreamPosition, e.EventId, e.StoredAt, e.Event.OccurredAt, e.TenantId)).ToListAsync();

    /// <summary>Options near the data: positions around the stored ones, instants with sub-microsecond offsets, known and unknown tenants and types.</summary>
    public static class Generators
    {
        public static Arbitrary<ReadOptions> ReadOptions() =>
            (from direction in Gen.Elements(ReadDirection.Forward, ReadDirection.Backward)
             from fromPosition in Gen.Frequency((2, Gen.Constant(0L)), (3, Gen.Choose(0, Stores.EventCount + 2).Select(i => (long)i)))
             from limit in Gen.Frequency((2, Gen.Constant<int?>(null)), (3, Gen.Choose(0, 12).Select(i => (int?)i)))
             from fromTimestamp in Instant()
             from toTimestamp in Instant()
             from tenant in Gen.Elements<Guid?>(null, null, Stores.Tenants[0], Stores.Tenants[1], Guid.NewGuid())
             from type in Gen.Elements<string?>(null, null, "Task", "Account", "Other")
             select new ReadOptions
             {
                 Direction = direction,
                 FromPosition = fromPosition,
                 Limit = limit,
                 FromTimestamp = fromTimestamp,
                 ToTimestamp = toTimestamp,
                 TenantId = tenant,
                 AggregateType = type,
             }).ToArbitrary();

        // Null, or an instant within the data's span, often on a stored microsecond plus or minus a few ticks.
        private static Gen<DateTimeOffset?> Instant() =>
            Gen.Frequency(
                (3, Gen.Constant<DateTimeOffset?>(null)),
                (2, from micros in Gen.Choose(-5, Stores.EventCount * 7)
                    from ticks in Gen.Choose(-3, 12)
                    select (DateTimeOffset?)Stores.Origin.AddTicks((micros * TimeSpan.TicksPerMicrosecond) + ticks)));
    }

    /// <summary>The same appends, in the same order and with the same clock, on the model store and on SQLite (file and :memory:).</summary>
    public sealed class Stores : IAsyncLifetime
    {
        public const int EventCount = 60;
        public static readonly DateTimeOffset Origin = new(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));
        public static readonly Guid[] Tenants = [Guid.NewGuid(), Guid.NewGuid()];
        private readonly SqliteFixture _files = new();

        public InMemoryEventStore Memory { get; private set; } = null!;

        public List<SqliteEventStore> Sqlite { get; } = [];

        public List<string> Streams { get; } = [];

        public async Task InitializeAsync()
        {
            var clock = new FixedClock(Origin.AddDays(1));
            Memory = new InMemoryEventStore(TestEvents.NewRegistry(), clock);
            foreach (var database in new[] { _files.NewDatabasePath(), ":memory:" })
            {
                var store = new SqliteEventStore(_files.Options(database), clock);
                await store.InitializeAsync();
                Sqlite.Add(store);
            }

            var random = new Random(20240501);
            var aggregates = Enumerable.Range(0, 6).Select(i => (Id: Guid.NewGuid(), Type: i % 3 == 0 ? "Account" : "Task")).ToList();
            Streams.AddRange(aggregates.Select(a => StreamKey.Format(a.Id, a.Type)));
            for (var appended = 0; appended < EventCount;)
            {
                var (id, type) = aggregates[random.Next(aggregates.Count)];
                var batch = Enumerable.Range(0, Math.Min(random.Next(1, 4), EventCount - appended)).Select(_ => (DomainEvent)new TaskCompleted
                {
                    AggregateType = type,
                    TenantId = random.Next(3) switch { 0 => null, var t => Tenants[t - 1] },
                    OccurredAt = Origin.AddTicks((random.Next(EventCount * 7) * TimeSpan.TicksPerMicrosecond) + random.Next(10)),
                }).ToList();
                foreach (var store in Sqlite.Prepend<IEventStore>(Memory))
                {
                    await store.AppendEventsAsync(id, type, batch, ExpectedVersion.Any);
                }

                appended += batch.Count;
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var store in Sqlite)
            {
                await store.DisposeAsync();
            }

            await _files.DisposeAsync();
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
