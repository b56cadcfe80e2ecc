// The tutorial's complete working example, section by section, against any IEventStore.
using EventStore.Functional.Memory;

namespace EventStore.Functional.Cli.Demo;

/// <summary>Runs "Tutorial 4: Event Stores" and prints its nine sections.</summary>
public static class TutorialDemo
{
    private static readonly string Rule = new('=', 60);
    private static readonly string Line = new('-', 60);

    /// <summary>The registry holding the tutorial's events.</summary>
    public static EventRegistry Registry { get; } = new EventRegistry().Register<TaskCreated>().Register<TaskCompleted>().Register<TaskReassigned>();

    /// <summary>
    /// Runs the walkthrough on <paramref name="store"/> (which should be empty and use <see cref="Registry"/>). Every event it
    /// writes carries <see cref="DemoStore.Marker"/> in its metadata, so the demo can recognise a store of its own.
    /// </summary>
    public static async Task RunAsync(IEventStore store, TextWriter o, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(o);
        await o.WriteLineAsync($"{Rule}\nTutorial 4: Event Stores\n{Rule}");
        var taskId = Guid.NewGuid();

        Section(o, "1. Appending events");
        var created = new TaskCreated { AggregateId = taskId, Title = "Learn event stores", AggregateVersion = 1, Metadata = DemoStore.Marker };
        var result = await store.AppendEventsAsync(taskId, "Task", [created], ExpectedVersion.NoStream, ct);
        await o.WriteLineAsync($"   Success: {result.Success}\n   New version: {result.NewVersion}\n   Global position: {result.GlobalPosition}");

        Section(o, "2. Reading events");
        var stream = await store.GetEventsAsync(taskId, "Task", ct: ct);
        await o.WriteLineAsync($"   Aggregate ID: {stream.AggregateId}\n   Aggregate type: {stream.AggregateType}\n   Version: {stream.Version}\n   Events:");
        foreach (var e in stream.Events)
        {
            await o.WriteLineAsync($"     - v{e.AggregateVersion}: {e.EventType}");
        }

        Section(o, "3. Appending another event");
        result = await store.AppendEventsAsync(taskId, "Task", [new TaskCompleted { AggregateId = taskId, AggregateVersion = 2, Metadata = DemoStore.Marker }], 1, ct);
        await o.WriteLineAsync($"   New version: {result.NewVersion}");

        Section(o, "4. Optimistic locking (conflict detection)");
        try
        {
            TaskReassigned reassigned = new() { AggregateId = taskId, NewAssignee = Guid.NewGuid(), AggregateVersion = 3, Metadata = DemoStore.Marker };
            await store.AppendEventsAsync(taskId, "Task", [reassigned], 1, ct);
        }
        catch (OptimisticLockException e)
        {
            await o.WriteLineAsync($"   Conflict detected!\n   Expected version: {e.ExpectedVersion}\n   Actual version: {e.ActualVersion}");
        }

        Section(o, "5. Streaming events with read_stream()");
        var streamId = $"{taskId}:Task";
        await o.WriteLineAsync($"   Stream ID: {streamId}\n   Events:");
        await foreach (var stored in store.ReadStreamAsync(streamId, ct: ct))
        {
            await o.WriteLineAsync($"     - Position {stored.StreamPosition}: {stored.EventType}");
        }

        Section(o, "6. Reading all events with read_all()");
        var task2Id = Guid.NewGuid();
        await store.AppendEventsAsync(task2Id, "Task", [new TaskCreated { AggregateId = task2Id, Title = "Second task", AggregateVersion = 1, Metadata = DemoStore.Marker }], 0, ct);
        await o.WriteLineAsync("   All events in global order:");
        await foreach (var stored in store.ReadAllAsync(ct: ct))
        {
            await o.WriteLineAsync($"     - Global pos {stored.GlobalPosition}: {stored.AggregateType}/{stored.EventType}");
        }

        Section(o, "7. Reading with ReadOptions (backward, limited)");
        var options = new ReadOptions { Direction = ReadDirection.Backward, Limit = 2 };
        await o.WriteLineAsync("   Last 2 events (newest first):");
        await foreach (var stored in store.ReadAllAsync(options, ct))
        {
            await o.WriteLineAsync($"     - Global pos {stored.GlobalPosition}: {stored.EventType}");
        }

        Section(o, "8. Get events by aggregate type");
        var taskEvents = await store.GetEventsByTypeAsync("Task", ct: ct);
        await o.WriteLineAsync($"   Total Task events: {taskEvents.Count}");
        foreach (var e in taskEvents)
        {
            await o.WriteLineAsync($"     - {e.EventType} for task {e.AggregateId}");
        }

        Section(o, "9. Event store metadata");
        var (totalEvents, totalAggregates) = await CountAsync(store, ct);
        var globalPosition = await store.GetGlobalPositionAsync(ct);
        await o.WriteLineAsync($"   Total events: {totalEvents}\n   Total aggregates: {totalAggregates}\n   Current global position: {globalPosition}");

        await o.WriteLineAsync($"\n{Rule}\nTutorial complete!\n{Rule}");
    }

    private static void Section(TextWriter o, string title) => o.WriteLine($"\n{title}\n{Line}");

    // The in-memory store has counting helpers; the others are counted through the global feed.
    private static async Task<(long Events, int Aggregates)> CountAsync(IEventStore store, CancellationToken ct)
    {
        if (store is InMemoryEventStore memory)
        {
            return (await memory.GetEventCountAsync(ct), (await memory.GetAggregateIdsAsync(ct)).Count);
        }

        long events = 0;
        var aggregates = new HashSet<Guid>();
        await foreach (var stored in store.ReadAllAsync(ct: ct))
        {
            events++;
            aggregates.Add(stored.AggregateId);
        }

        return (events, aggregates.Count);
    }
}
