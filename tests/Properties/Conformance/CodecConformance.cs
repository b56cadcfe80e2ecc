// Conformance: events survive the store whole (envelope, metadata, payload) and an unknown stored type is an error, never a skip.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class CodecConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task Every_envelope_field_and_the_metadata_survive_every_read()
    {
        var id = Guid.NewGuid();
        var full = new TaskCreated
        {
            Title = "Ünïcødé \"quoted\" \\ back\nslash ✓ 🎉",
            OccurredAt = new DateTimeOffset(2021, 12, 31, 23, 59, 58, TimeSpan.FromHours(9)).AddTicks(1_234_567),
            AggregateVersion = 12,
            TenantId = Guid.NewGuid(),
            ActorId = "user:42 (Zoë)",
            CorrelationId = Guid.NewGuid(),
            CausationId = Guid.NewGuid(),
            EventVersion = 3,
            Metadata = new Dictionary<string, string> { ["source"] = "api", ["trace.id"] = "00-abc-01", ["empty"] = "", ["ключ"] = "значение" },
        };

        await AppendAsync(id, full);

        await AssertReadsBackAsync(id, TaskType, [EventAssert.StoredCopy(full, id, TaskType, 1)]);
    }

    [Fact]
    public async Task Default_and_absent_envelope_values_stay_absent()
    {
        var id = Guid.NewGuid();
        var bare = new TaskCompleted();

        await AppendAsync(id, bare);

        var stored = Assert.Single((await Store.GetEventsAsync(id, TaskType)).Events);
        Assert.Null(stored.TenantId);
        Assert.Null(stored.ActorId);
        Assert.Null(stored.CausationId);
        Assert.Empty(stored.Metadata);
        Assert.Equal(1, stored.EventVersion);
        Assert.Equal(bare.CorrelationId, stored.CorrelationId);
        EventAssert.Same(EventAssert.StoredCopy(bare, id, TaskType, 1), stored);
    }

    [Fact]
    public async Task Payload_shapes_survive_every_read()
    {
        var id = Guid.NewGuid();
        DomainEvent[] events =
        [
            new Deposited(12345.6789m, "EUR") { Tags = ["b", "a", "b", ""] },
            new Deposited(-0.000001m, "JPY"),
            new Deposited(79228162514264337593543950335m, "XXX") { Tags = ["max"] },
        ];

        await AppendAsync(id, "Account", ExpectedVersion.NoStream, events);

        await AssertReadsBackAsync(id, "Account", [.. events.Select((e, i) => EventAssert.StoredCopy(e, id, "Account", i + 1))]);
        var first = Assert.IsType<Deposited>((await Store.GetEventsAsync(id, "Account")).Events[0]);
        Assert.Equal(12345.6789m, first.Amount);
        Assert.Equal(["b", "a", "b", ""], first.Tags);
    }

    [Fact]
    public async Task Events_of_every_test_class_come_back_as_their_own_class()
    {
        var id = Guid.NewGuid();
        DomainEvent[] events =
        [
            new TaskCreated { Title = "t" },
            new TaskReassigned { NewAssignee = Guid.NewGuid() },
            new TaskRenamed { NewTitle = "r" },
            new TaskCompleted(),
        ];

        await AppendAsync(id, events);

        await AssertReadsBackAsync(id, TaskType, [.. events.Select((e, i) => EventAssert.StoredCopy(e, id, TaskType, i + 1))]);
        var renamed = (await Store.GetEventsAsync(id, TaskType)).Events[2];
        Assert.Equal("TaskRenamed", renamed.EventType);
        Assert.Equal("TaskRenamed", (await ReadStreamListAsync(TaskStream(id)))[2].EventType);
    }

    [Fact]
    public async Task Reading_a_stored_type_the_registry_does_not_know_throws_naming_it()
    {
        var id = Guid.NewGuid();
        var tasksOnly = Guid.NewGuid();
        var created = new TaskCreated { Title = "known" };
        await AppendAsync(tasksOnly, created);
        await AppendAsync(id, "Account", ExpectedVersion.Any, [new Deposited(1m, "EUR")]);

        var reopened = await ReopenAsync(Store, TestEvents.TaskRegistry());

        if (reopened is null)
        {
            // A backend that cannot share data (memory) holds only events its own registry accepted on append,
            // so it can never meet an unknown stored type: a store without Deposited refuses to append one.
            var narrow = await NewStoreAsync(TestEvents.TaskRegistry());
            var refused = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => narrow.AppendEventsAsync(id, "Account", [new Deposited(1m, "EUR")], ExpectedVersion.Any));
            Assert.Equal("Deposited", refused.EventType);
            Assert.Empty(await CollectAsync(narrow.ReadAllAsync()));
            return;
        }

        var accountStream = StreamKey.Format(id, "Account");
        await AssertUnknownAsync(() => reopened.GetEventsAsync(id, "Account"));
        await AssertUnknownAsync(() => CollectAsync(reopened.ReadStreamAsync(accountStream)));
        await AssertUnknownAsync(() => CollectAsync(reopened.ReadAllAsync()));
        await AssertUnknownAsync(() => reopened.GetEventsByTypeAsync("Account"));

        // Known events still read, and nothing that needs no payload fails.
        var known = Assert.Single((await reopened.GetEventsAsync(tasksOnly, TaskType)).Events);
        EventAssert.Same(EventAssert.StoredCopy(created, tasksOnly, TaskType, 1), known);
        Assert.Equal(1, await reopened.GetStreamVersionAsync(id, "Account"));
        Assert.True(await reopened.EventExistsAsync(known.EventId));
        Assert.Equal(await HeadAsync(), await HeadAsync(reopened));
    }

    private static async Task AssertUnknownAsync(Func<Task> read)
    {
        var ex = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(read);
        Assert.Equal("Deposited", ex.EventType);
        Assert.Contains("Deposited", ex.Message, StringComparison.Ordinal);
    }

    // The stream's events, as read by GetEventsAsync, ReadStreamAsync, ReadAllAsync and GetEventsByTypeAsync, equal `expected`.
    private async Task AssertReadsBackAsync(Guid id, string type, IReadOnlyList<DomainEvent> expected)
    {
        var streamId = StreamKey.Format(id, type);
        IReadOnlyList<DomainEvent>[] reads =
        [
            (await Store.GetEventsAsync(id, type)).Events,
            [.. (await ReadStreamListAsync(streamId)).Select(e => e.Event)],
            [.. (await ReadAllListAsync()).Where(e => e.StreamId == streamId).Select(e => e.Event)],
            [.. (await Store.GetEventsByTypeAsync(type)).Where(e => e.AggregateId == id)],
        ];

        foreach (var read in reads)
        {
            Assert.Equal(expected.Count, read.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                EventAssert.Same(expected[i], read[i]);
            }
        }
    }
}
