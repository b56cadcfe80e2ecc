// Conformance: the tutorial's complete example (sections 1–9 of "Tutorial 4: Event Stores") and its common patterns, as assertions.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class TutorialConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task The_tutorial_walkthrough_behaves_as_its_expected_output()
    {
        var taskId = Guid.NewGuid();

        // 1. Appending events
        var created = new TaskCreated { AggregateId = taskId, Title = "Learn event stores", AggregateVersion = 1 };
        var result = await AppendAsync(taskId, TaskType, ExpectedVersion.NoStream, [created]);
        Assert.True(result.Success);
        Assert.Equal(1, result.NewVersion);
        var first = result.GlobalPosition;
        Assert.True(first > 0);

        // 2. Reading events
        var stream = await Store.GetEventsAsync(taskId, TaskType);
        Assert.Equal(taskId, stream.AggregateId);
        Assert.Equal(TaskType, stream.AggregateType);
        Assert.Equal(1, stream.Version);
        Assert.Equal([(1L, "TaskCreated")], stream.Events.Select(e => (e.AggregateVersion, e.EventType)));

        // 3. Appending another event
        result = await AppendAsync(taskId, TaskType, 1, [new TaskCompleted { AggregateId = taskId, AggregateVersion = 2 }]);
        Assert.Equal(2, result.NewVersion);

        // 4. Optimistic locking (conflict detection)
        var conflict = await Assert.ThrowsAsync<OptimisticLockException>(() =>
            Store.AppendEventsAsync(taskId, TaskType, [new TaskReassigned { AggregateId = taskId, NewAssignee = Guid.NewGuid(), AggregateVersion = 3 }], 1));
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(taskId, conflict.AggregateId);

        // 5. Streaming events with ReadStreamAsync
        var streamId = $"{taskId}:Task";
        var streamed = await ReadStreamListAsync(streamId);
        Assert.Equal([(1L, "TaskCreated"), (2L, "TaskCompleted")], streamed.Select(e => (e.StreamPosition, e.EventType)));

        // 6. Reading all events with ReadAllAsync
        var task2Id = Guid.NewGuid();
        await AppendAsync(task2Id, TaskType, 0, [new TaskCreated { AggregateId = task2Id, Title = "Second task", AggregateVersion = 1 }]);
        var all = await ReadAllListAsync();
        Assert.Equal(["Task/TaskCreated", "Task/TaskCompleted", "Task/TaskCreated"], all.Select(e => $"{e.AggregateType}/{e.EventType}"));
        AssertGlobalPositions(all.Select(e => e.GlobalPosition), Range(1, 3));
        Assert.Equal(first, all[0].GlobalPosition);

        // 7. Reading with ReadOptions (backward, limited)
        var last2 = await ReadAllListAsync(new ReadOptions { Direction = ReadDirection.Backward, Limit = 2 });
        Assert.Equal([(all[2].GlobalPosition, "TaskCreated"), (all[1].GlobalPosition, "TaskCompleted")], last2.Select(e => (e.GlobalPosition, e.EventType)));

        // 8. Get events by aggregate type
        var taskEvents = await Store.GetEventsByTypeAsync(TaskType);
        Assert.Equal([("TaskCreated", taskId), ("TaskCompleted", taskId), ("TaskCreated", task2Id)], taskEvents.Select(e => (e.EventType, e.AggregateId)));

        // 9. Event store metadata
        Assert.Equal(3, all.Count);
        Assert.Equal(2, all.Select(e => e.AggregateId).Distinct().Count());
        Assert.Equal(all[^1].GlobalPosition, await HeadAsync());
        if (Fixture.DenseGlobalPositions)
        {
            Assert.Equal(3, await HeadAsync());
        }
    }

    [Fact]
    public async Task The_tutorial_s_ExpectedVersion_constants_have_its_codes_and_meanings()
    {
        Assert.Equal(0, ExpectedVersion.NoStream.Value);
        Assert.Equal(-2, ExpectedVersion.StreamExists.Value);
        Assert.Equal(-1, ExpectedVersion.Any.Value);
        var taskId = Guid.NewGuid();

        await AppendAsync(taskId, TaskType, ExpectedVersion.NoStream, [new TaskCreated()]);
        await AppendAsync(taskId, TaskType, ExpectedVersion.StreamExists, [new TaskCompleted()]);
        await AppendAsync(taskId, TaskType, ExpectedVersion.Any, [new TaskRenamed()]);

        Assert.Equal(3, await Store.GetStreamVersionAsync(taskId, TaskType));
        await Assert.ThrowsAsync<OptimisticLockException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [new TaskCreated()], ExpectedVersion.StreamExists));
    }

    [Fact]
    public async Task The_tutorial_s_two_processes_race_ends_with_one_conflict()
    {
        var taskId = Guid.NewGuid();
        await AppendAsync(taskId, TaskType, 0, [new TaskCreated { AggregateId = taskId, Title = "Task" }]);
        var stream1 = await Store.GetEventsAsync(taskId, TaskType);
        var stream2 = await Store.GetEventsAsync(taskId, TaskType);

        await AppendAsync(taskId, TaskType, stream1.Version, [new TaskCompleted { AggregateId = taskId }]);
        var ex = await Assert.ThrowsAsync<OptimisticLockException>(() =>
            Store.AppendEventsAsync(taskId, TaskType, [new TaskReassigned { AggregateId = taskId }], stream2.Version));

        Assert.Equal((1L, 2L, taskId), (ex.ExpectedVersion, ex.ActualVersion, ex.AggregateId));
    }

    [Fact]
    public async Task The_tutorial_s_common_patterns_work()
    {
        var taskId = Guid.NewGuid();

        // Checking if an aggregate exists.
        Assert.False(await Store.GetStreamVersionAsync(taskId, TaskType) > 0);
        Assert.True((await Store.GetEventsAsync(taskId, TaskType)).IsEmpty);

        // Batching multiple events atomically.
        DomainEvent[] batch = [new TaskCreated { AggregateId = taskId }, new TaskReassigned { AggregateId = taskId }, new TaskRenamed { AggregateId = taskId }];
        var result = await AppendAsync(taskId, TaskType, 0, batch);
        Assert.Equal(3, result.NewVersion);
        Assert.True(await Store.GetStreamVersionAsync(taskId, TaskType) > 0);
        Assert.False((await Store.GetEventsAsync(taskId, TaskType)).IsEmpty);

        // Idempotent event processing: an incoming event already stored is recognised, and storing it again changes nothing.
        var incoming = batch[1];
        Assert.True(await Store.EventExistsAsync(incoming.EventId));
        var again = await AppendAsync(taskId, TaskType, ExpectedVersion.Any, [incoming]);
        Assert.Equal([incoming.EventId], again.SkippedEventIds);
        Assert.Equal(3, await Store.GetStreamVersionAsync(taskId, TaskType));

        // Reading from a version onwards.
        Assert.Equal([2L, 3L], (await Store.GetEventsAsync(taskId, TaskType, fromVersion: 2)).Events.Select(e => e.AggregateVersion));
    }
}
