// The untyped path: raw events carry a type name and JSON data unchanged; the typed path stays strict.
using System.Text.Json.Nodes;
using EventStore.Functional.Codec;
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class RawEventTests
{
    [Fact]
    public void A_typed_payload_decodes_as_a_raw_event_when_the_registry_allows_raw_events_and_reencodes_to_the_same_json()
    {
        var typed = new TaskCreated { AggregateId = Guid.NewGuid(), Title = "Learn event stores", TenantId = Guid.NewGuid(), Metadata = new Dictionary<string, string> { ["k"] = "v" } };
        var json = EventCodec.Encode(typed);

        var raw = Assert.IsType<RawEvent>(EventCodec.Decode("TaskCreated", json, new EventRegistry().AllowRawEvents()));

        Assert.Equal("TaskCreated", raw.EventType);
        Assert.Equal(typed.EventId, raw.EventId);
        Assert.Equal(typed.TenantId, raw.TenantId);
        Assert.Equal("Task", raw.AggregateType);
        Assert.Equal("Learn event stores", raw.Data["title"].GetString());
        Assert.False(raw.Data.ContainsKey("eventId"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(EventCodec.Encode(raw))));
    }

    [Fact]
    public void A_raw_payload_decodes_as_the_registered_class_on_the_typed_path()
    {
        var raw = RawEvent.FromJson("TaskCreated", """{"title":"from a script"}""") with { AggregateType = "Task" };

        var typed = Assert.IsType<TaskCreated>(EventCodec.Decode("TaskCreated", EventCodec.Encode(raw), TestEvents.NewRegistry()));

        Assert.Equal("from a script", typed.Title);
        Assert.Equal(raw.EventId, typed.EventId);
    }

    [Fact]
    public void Unknown_type_on_the_typed_path_throws_naming_the_type()
    {
        var ex = Assert.Throws<EventTypeNotRegisteredException>(() => EventCodec.Decode("Nope", "{}", TestEvents.NewRegistry()));
        Assert.Equal("Nope", ex.EventType);
        Assert.Contains("TaskCreated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_strict_store_rejects_raw_events_of_unregistered_types_and_writes_nothing()
    {
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry());

        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() =>
            store.AppendEventsAsync(Guid.NewGuid(), "Order", [RawEvent.FromJson("OrderPlaced", """{"total":3}""")], ExpectedVersion.Any));

        Assert.Equal(0, await store.GetGlobalPositionAsync());
    }

    [Fact]
    public async Task A_store_whose_registry_allows_raw_events_appends_and_reads_them()
    {
        await using var store = new InMemoryEventStore(new EventRegistry().AllowRawEvents());
        var id = Guid.NewGuid();

        var result = await store.AppendEventsAsync(id, "Order", [RawEvent.FromJson("OrderPlaced", """{"total":3}""")], ExpectedVersion.NoStream);

        Assert.Equal(1, result.NewVersion);
        var stored = Assert.IsType<RawEvent>(Assert.Single((await store.GetEventsAsync(id, "Order")).Events));
        Assert.Equal("OrderPlaced", stored.EventType);
        Assert.Equal(3, stored.Data["total"].GetInt32());
        Assert.Equal(1, stored.AggregateVersion);
    }

    [Fact]
    public void Raw_event_data_must_be_a_json_object()
    {
        Assert.Throws<ArgumentException>(() => RawEvent.FromJson("X", "[1,2]"));
        Assert.Throws<ArgumentException>(() => RawEvent.FromJson("X", "{not json"));
        Assert.Throws<ArgumentException>(() => new RawEvent(" "));
    }

    [Fact]
    public async Task A_raw_event_of_a_registered_type_is_stored_and_read_back_as_its_class()
    {
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry().AllowRawEvents());
        var id = Guid.NewGuid();

        await store.AppendEventsAsync(id, "Task", [RawEvent.FromJson("TaskCreated", """{"title":"typed later"}""")], ExpectedVersion.NoStream);

        var read = Assert.IsType<TaskCreated>(Assert.Single((await store.GetEventsAsync(id, "Task")).Events));
        Assert.Equal("typed later", read.Title);
        Assert.Equal(1, read.AggregateVersion);
    }
}
