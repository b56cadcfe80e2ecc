// What a registry accepts as an event class, the wire name an EventTypeAttribute chooses, and how a miss is reported.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class EventRegistryRulesTests
{
    [Fact]
    public void The_wire_name_is_the_attributes_not_the_class_name()
    {
        var registry = new EventRegistry().Register<ArchivedV2>();

        Assert.Equal("task-archived.v2", DomainEvent.NameOf(typeof(ArchivedV2)));
        Assert.Equal("task-archived.v2", new ArchivedV2().EventType);
        Assert.Equal(typeof(ArchivedV2), registry.Resolve("task-archived.v2"));
        Assert.False(registry.IsRegistered(nameof(ArchivedV2)));
    }

    [Fact]
    public void Only_a_concrete_event_class_can_be_registered()
    {
        var registry = new EventRegistry();

        foreach (var type in new[] { typeof(string), typeof(DomainEvent), typeof(Generic<>) })
        {
            var ex = Assert.Throws<ArgumentException>(() => registry.Register(type));
            Assert.Equal("eventClass", ex.ParamName);
            Assert.Contains(type.FullName!, ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(registry.RegisteredTypes);
        registry.Register(typeof(Generic<int>)); // a closed generic class is concrete
    }

    [Fact]
    public void A_second_class_under_a_taken_name_is_refused_and_the_same_class_again_is_a_no_op()
    {
        var registry = new EventRegistry().Register<TaskCreated>().Register<TaskCreated>();

        var ex = Assert.Throws<ArgumentException>(() => registry.Register<ImpostorTaskCreated>());

        Assert.Contains(typeof(TaskCreated).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(ImpostorTaskCreated).FullName!, ex.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(TaskCreated), registry.Resolve("TaskCreated"));
        Assert.Equal(["TaskCreated"], registry.RegisteredTypes);
    }

    [Fact]
    public void Registered_types_are_listed_in_ordinal_order_and_a_miss_names_them_or_says_none()
    {
        var registry = new EventRegistry().Register<TaskRenamed>().Register<Deposited>().Register<TaskCreated>();

        Assert.Equal(["Deposited", "TaskCreated", "TaskRenamed"], registry.RegisteredTypes);
        Assert.Contains("Registered types: Deposited, TaskCreated, TaskRenamed.", Assert.Throws<EventTypeNotRegisteredException>(() => registry.Resolve("Nope")).Message, StringComparison.Ordinal);
        Assert.Contains("Registered types: (none).", Assert.Throws<EventTypeNotRegisteredException>(() => new EventRegistry().Resolve("Nope")).Message, StringComparison.Ordinal);
    }

    [EventType("task-archived.v2")]
    private sealed record ArchivedV2 : DomainEvent;

    private sealed record Generic<T> : DomainEvent;

    [EventType("TaskCreated")]
    private sealed record ImpostorTaskCreated : DomainEvent;
}
