// The core's append values (request, write decision) hold their own arrays: copies of the caller's batch, compared by value.
using EventStore.Functional.Append;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Core;

public sealed class AppendValuesTests
{
    private static readonly EventRegistry Registry = TestEvents.TaskRegistry();
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_request_keeps_its_own_copy_of_the_batch_and_compares_by_value()
    {
        var id = Guid.NewGuid();
        DomainEvent[] batch = [new TaskCreated { Title = "a" }, new TaskCompleted()];
        var original = batch.ToArray();
        var request = AppendRequest.Create(id, "Task", batch, ExpectedVersion.NoStream, Registry);
        var twin = AppendRequest.Create(id, "Task", original, ExpectedVersion.NoStream, Registry);

        batch[0] = new TaskCompleted();

        Assert.Equal(original.ToSeq(), request.Events);
        Assert.Equal(request.Events, request.Events);
        Assert.Equal(twin, request);
        Assert.Equal(twin.GetHashCode(), request.GetHashCode());
        Assert.NotEqual(twin, AppendRequest.Create(id, "Task", original, ExpectedVersion.Any, Registry));
        Assert.NotEqual(twin, AppendRequest.Create(id, "Task", original.Reverse().ToArray(), ExpectedVersion.NoStream, Registry));
        Assert.NotEqual(twin, AppendRequest.Create(id, "Task", original[..1], ExpectedVersion.NoStream, Registry));
        Assert.Equal(original.Select(e => e.EventId).ToSeq(), request.DistinctEventIds);
    }

    [Fact]
    public void A_write_decision_gives_its_positioned_events_as_a_seq_and_compares_by_value()
    {
        var id = Guid.NewGuid();
        var request = AppendRequest.Create(id, "Task", [new TaskCreated { Title = "a" }, new TaskCompleted()], ExpectedVersion.Exact(3), Registry);

        var write = Assert.IsType<AppendDecision.Write>(AppendDecider.Decide(request, StreamFacts.AtVersion(3), Now).Case);
        var again = Assert.IsType<AppendDecision.Write>(AppendDecider.Decide(request, StreamFacts.AtVersion(3), Now).Case);

        Assert.Equal(new long[] { 4, 5 }, write.Events.Map(e => e.AggregateVersion).ToArray());
        Assert.All(write.Events, e => Assert.Equal((id, "Task"), (e.AggregateId, e.AggregateType)));
        Assert.Equal(5, write.NewVersion);
        Assert.Equal(again, write);
        Assert.Equal(again.GetHashCode(), write.GetHashCode());
        Assert.NotEqual(again, write with { CurrentVersion = 4 });

        var (stream, current, events, storedAt, skipped) = write;
        var rebuilt = new AppendDecision.Write(stream, current, events, storedAt, skipped);
        Assert.Equal(write, rebuilt);
        Assert.Equal(write.ResultAt(9), rebuilt.ResultAt(9));

        var shorter = write with { Events = events.Take(1) };
        Assert.Equal(4, shorter.NewVersion);
        Assert.Single(shorter.Events);
        Assert.NotEqual(write, shorter);
    }
}
