// Conformance: EventExistsAsync, GetStreamVersionAsync, GetGlobalPositionAsync and InitializeAsync (SPEC §2, §3).
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class MetadataConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task An_empty_store_is_at_global_position_0()
    {
        Assert.Equal(0, await Store.GetGlobalPositionAsync());
        Assert.Equal(0, await Store.GetStreamVersionAsync(Guid.NewGuid(), TaskType));
        Assert.False(await Store.EventExistsAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task EventExists_finds_events_of_any_stream_and_only_stored_ones()
    {
        var a = new TaskCreated();
        var b = new Deposited(1m, "EUR");
        await AppendAsync(Guid.NewGuid(), a);
        await AppendAsync(Guid.NewGuid(), "Account", ExpectedVersion.Any, [b]);
        var rejected = new TaskCompleted();
        await TryAppendAsync(Guid.NewGuid(), TaskType, ExpectedVersion.StreamExists, [rejected]);

        Assert.True(await Store.EventExistsAsync(a.EventId));
        Assert.True(await Store.EventExistsAsync(b.EventId));
        Assert.False(await Store.EventExistsAsync(rejected.EventId));
        Assert.False(await Store.EventExistsAsync(Guid.NewGuid()));
        Assert.False(await Store.EventExistsAsync(Guid.Empty));
    }

    [Fact]
    public async Task GetStreamVersion_counts_the_stream_s_events()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated());
        await AppendAsync(Guid.NewGuid(), new TaskCreated(), new TaskCompleted());
        await AppendAsync(id, new TaskRenamed(), new TaskRenamed(), new TaskCompleted());

        Assert.Equal(4, await Store.GetStreamVersionAsync(id, TaskType));
        Assert.Equal(0, await Store.GetStreamVersionAsync(id, "Account"));
        Assert.Equal((await Store.GetEventsAsync(id, TaskType)).Version, await Store.GetStreamVersionAsync(id, TaskType));
    }

    [Fact]
    public async Task GetGlobalPosition_is_the_highest_position_of_the_feed()
    {
        await AppendAsync(Guid.NewGuid(), new TaskCreated(), new TaskCompleted());
        var last = await AppendAsync(Guid.NewGuid(), new TaskCreated());

        var head = await HeadAsync();
        var feed = await ReadAllListAsync();

        Assert.Equal(last.GlobalPosition, head);
        Assert.Equal(feed[^1].GlobalPosition, head);
        if (Fixture.DenseGlobalPositions)
        {
            Assert.Equal(3, head);
        }
    }

    [Fact]
    public async Task Retries_and_rejected_appends_leave_the_global_position_as_it_was()
    {
        var id = Guid.NewGuid();
        var created = new TaskCreated();
        await AppendAsync(id, created);
        var head = await HeadAsync();

        await AppendAsync(id, TaskType, ExpectedVersion.Any, [created]);
        await TryAppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCompleted()]);
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.AppendEventsAsync(id, TaskType, [new NotRegistered()], ExpectedVersion.Any));

        Assert.Equal(head, await Store.GetGlobalPositionAsync());
        Assert.Equal(1, await Store.GetStreamVersionAsync(id, TaskType));
    }

    [Fact]
    public async Task InitializeAsync_is_idempotent_and_keeps_the_data()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated(), new TaskCompleted());
        var before = await SnapshotAsync();

        await Store.InitializeAsync();
        await Store.InitializeAsync();

        await AssertUnchangedAsync(before);
        Assert.Equal(2, await Store.GetStreamVersionAsync(id, TaskType));
        var next = await AppendAsync(id, TaskType, ExpectedVersion.Exact(2), [new TaskRenamed()]);
        Assert.Equal(3, next.NewVersion);
    }

    [Fact]
    public async Task Stores_from_the_fixture_do_not_share_data()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated());
        var other = await NewStoreAsync();

        Assert.Equal(0, await other.GetGlobalPositionAsync());
        Assert.Equal(0, await other.GetStreamVersionAsync(id, TaskType));
        Assert.Empty(await CollectAsync(other.ReadAllAsync()));
    }
}
