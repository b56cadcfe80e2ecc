// Conformance: appends (SPEC §3 rules 1–8). Subclassed once per backend.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class AppendConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task First_append_with_NoStream_creates_the_stream_at_version_1()
    {
        var id = Guid.NewGuid();
        var result = await Store.AppendEventsAsync(id, "Task", [new TaskCreated { Title = "a" }], ExpectedVersion.NoStream);

        Assert.True(result.Success);
        Assert.False(result.Conflict);
        Assert.Equal(1, result.NewVersion);
        Assert.Equal(1, await Store.GetStreamVersionAsync(id, "Task"));
    }

    [Fact]
    public async Task Append_with_stale_expected_version_returns_conflict_and_writes_nothing()
    {
        var id = Guid.NewGuid();
        await Store.AppendEventsAsync(id, "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);
        var before = await Store.GetGlobalPositionAsync();

        var result = await Store.TryAppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Exact(1));

        var conflict = Assert.Single(result.LeftToSeq());
        Assert.Equal(new ConflictError(id, "Task", ExpectedVersion.Exact(1), 2), conflict);
        Assert.Equal(2, await Store.GetStreamVersionAsync(id, "Task"));
        Assert.Equal(before, await Store.GetGlobalPositionAsync());
    }
}
