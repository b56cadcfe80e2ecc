// Event classes used by the tests: the tutorial's Task events plus a few shapes that stress the codec.
namespace EventStore.Functional.Tests.Support;

[EventType("TaskCreated")]
public sealed record TaskCreated : DomainEvent
{
    public override string AggregateType { get; init; } = "Task";

    public string Title { get; init; } = "";
}

[EventType("TaskCompleted")]
public sealed record TaskCompleted : DomainEvent
{
    public override string AggregateType { get; init; } = "Task";
}

[EventType("TaskReassigned")]
public sealed record TaskReassigned : DomainEvent
{
    public override string AggregateType { get; init; } = "Task";

    public Guid NewAssignee { get; init; }
}

/// <summary>An event without <see cref="EventTypeAttribute"/>: its wire name is its class name.</summary>
public sealed record TaskRenamed : DomainEvent
{
    public override string AggregateType { get; init; } = "Task";

    public string NewTitle { get; init; } = "";
}

/// <summary>An event with no default aggregate type and a few payload shapes.</summary>
[EventType("Deposited")]
public sealed record Deposited(decimal Amount, string Currency) : DomainEvent
{
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>A class that is deliberately never registered.</summary>
public sealed record NotRegistered : DomainEvent;

public static class TestEvents
{
    /// <summary>A fresh registry with every registered test event.</summary>
    public static EventRegistry NewRegistry() => TaskRegistry().Register<Deposited>();

    /// <summary>A fresh registry with the Task events only (it does not know <see cref="Deposited"/>).</summary>
    public static EventRegistry TaskRegistry() =>
        new EventRegistry().Register<TaskCreated>().Register<TaskCompleted>().Register<TaskReassigned>().Register<TaskRenamed>();
}
