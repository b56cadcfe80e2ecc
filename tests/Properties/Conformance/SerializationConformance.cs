// Conformance: a store encodes and decodes payloads with its registry's JSON options, which are fixed once it exists.
using System.Text.Json;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class SerializationConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task A_registry_with_a_custom_converter_round_trips_its_events_on_every_read()
    {
        var store = await NewStoreAsync(PricedEvents.Registry());
        var id = Guid.NewGuid();
        var priced = new ItemPriced { ItemName = "Tea", Price = new Money(12.50m, "EUR") };

        await AppendAsync(id, PricedEvents.ItemType, ExpectedVersion.NoStream, [priced], store);

        var streamId = StreamKey.Format(id, PricedEvents.ItemType);
        DomainEvent[] reads =
        [
            Assert.Single((await store.GetEventsAsync(id, PricedEvents.ItemType)).Events),
            Assert.Single(await ReadStreamListAsync(streamId, store: store)).Event,
            Assert.Single(await ReadAllListAsync(store: store)).Event,
            Assert.Single(await store.GetEventsByTypeAsync(PricedEvents.ItemType)),
        ];
        Assert.All(reads, read =>
        {
            var back = Assert.IsType<ItemPriced>(read);
            Assert.Equal(new Money(12.50m, "EUR"), back.Price);
            Assert.Equal("Tea", back.ItemName);
            Assert.Equal(priced.EventId, back.EventId);
        });
    }

    [Fact]
    public async Task A_registry_naming_policy_and_converters_shape_the_stored_payload()
    {
        var store = await NewStoreAsync(PricedEvents.Registry());
        var id = Guid.NewGuid();
        await AppendAsync(id, PricedEvents.ItemType, ExpectedVersion.NoStream, [new ItemPriced { ItemName = "Tea", Price = new Money(3m, "GBP") }], store);

        // The stored JSON as a tool without the classes sees it: a store over the same data that decodes every row raw.
        var raw = await ReopenAsync(store, new EventRegistry().AllowRawEvents());
        if (raw is null)
        {
            return; // memory and private :memory: databases keep no payload another store could read
        }

        var stored = Assert.IsType<RawEvent>(Assert.Single(await ReadAllListAsync(store: raw)).Event);
        Assert.Equal("Tea", stored.Data["item_name"].GetString());
        Assert.Equal("3 GBP", stored.Data["price"].GetString());
        Assert.Equal(JsonValueKind.String, stored.Data["event_id"].ValueKind); // the envelope is named by the policy too
        Assert.False(stored.Data.ContainsKey("itemName"));
    }

    [Fact]
    public async Task Configuring_the_json_of_a_registry_a_store_uses_throws_naming_the_store_type()
    {
        var registry = TestEvents.NewRegistry();
        var store = await NewStoreAsync(registry);

        var error = Assert.Throws<InvalidOperationException>(() => registry.ConfigureJson(o => o.PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower));

        Assert.Contains(store.GetType().Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigureJson", error.Message, StringComparison.Ordinal);
        Assert.Same(JsonNamingPolicy.CamelCase, registry.JsonOptions.PropertyNamingPolicy); // unchanged
        var id = Guid.NewGuid();
        await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCreated { Title = "still camelCase" }], store);
        Assert.Equal("still camelCase", Assert.IsType<TaskCreated>(Assert.Single((await store.GetEventsAsync(id, TaskType)).Events)).Title);
    }
}
