// A caller composing load → project → decide → append as one pipeline over Either, with conflicts as values.
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Tests.Core;

public sealed class FunctionalPipelineTests
{
    private sealed record TaskState(bool Exists, bool Completed);

    private static readonly Projection<TaskState> TaskProjection =
        Projection.From(new TaskState(false, false))
            .When<TaskCreated>((s, _) => s with { Exists = true })
            .When<TaskCompleted>((s, _) => s with { Completed = true });

    // Pure business decision: what to append to complete a task (nothing if already completed).
    private static Seq<DomainEvent> DecideComplete(TaskState state) =>
        state is { Exists: true, Completed: false } ? Seq1<DomainEvent>(new TaskCompleted()) : Empty;

    private static EitherAsync<ConflictError, AppendResult> CompleteTask(IEventStore store, Guid taskId, Func<Task>? beforeAppend = null) =>
        from stream in RightAsync<ConflictError, EventStream>(store.GetEventsAsync(taskId, "Task"))
        let state = TaskProjection.Fold(stream)
        let events = DecideComplete(state)
        from _ in RightAsync<ConflictError, Unit>(Interfere(beforeAppend))
        from result in events.IsEmpty
            ? RightAsync<ConflictError, AppendResult>(AppendResult.Succeeded(stream.Version, 0, []))
            : store.TryAppendEventsAsync(taskId, "Task", [.. events], ExpectedVersion.Exact(stream.Version)).ToAsync()
        select result;

    private static async Task<Unit> Interfere(Func<Task>? action)
    {
        if (action is not null)
        {
            await action();
        }

        return unit;
    }

    [Fact]
    public async Task The_pipeline_appends_the_decided_events_at_the_loaded_version()
    {
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry());
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated { Title = "t" }], ExpectedVersion.NoStream);

        var outcome = await CompleteTask(store, id).ToEither();

        Assert.Equal(2, outcome.Match(r => r.NewVersion, _ => -1));
        Assert.True(TaskProjection.Fold(await store.GetEventsAsync(id, "Task")).Completed);
    }

    [Fact]
    public async Task A_concurrent_writer_makes_the_pipeline_return_the_conflict_as_a_value()
    {
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry());
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated { Title = "t" }], ExpectedVersion.NoStream);

        var outcome = await CompleteTask(store, id, () => store.AppendEventsAsync(id, "Task", [new TaskReassigned()], ExpectedVersion.Any)).ToEither();

        var conflict = Assert.Single(outcome.LeftToSeq());
        Assert.Equal(ExpectedVersion.Exact(1), conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal(2, await store.GetStreamVersionAsync(id, "Task"));
    }
}
