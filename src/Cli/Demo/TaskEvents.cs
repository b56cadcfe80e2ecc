// The tutorial's three Task events, registered by the demo.
namespace EventStore.Functional.Cli.Demo;

/// <summary>A task was created.</summary>
[EventType("TaskCreated")]
public sealed record TaskCreated : DomainEvent
{
    /// <inheritdoc />
    public override string AggregateType { get; init; } = "Task";

    /// <summary>The task's title.</summary>
    public required string Title { get; init; }
}

/// <summary>A task was completed.</summary>
[EventType("TaskCompleted")]
public sealed record TaskCompleted : DomainEvent
{
    /// <inheritdoc />
    public override string AggregateType { get; init; } = "Task";
}

/// <summary>A task was given to someone else.</summary>
[EventType("TaskReassigned")]
public sealed record TaskReassigned : DomainEvent
{
    /// <inheritdoc />
    public override string AggregateType { get; init; } = "Task";

    /// <summary>The new assignee.</summary>
    public Guid NewAssignee { get; init; }
}
