// An application's own System.Text.Json writes a DomainEvent as its runtime class; a registry carries the codec's options.
using System.Text.Json;
using System.Text.Json.Nodes;
using EventStore.Functional.Codec;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class DomainEventJsonTests
{
    private static readonly Guid Aggregate = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");

    private static readonly TaskCreated Created = new()
    {
        EventId = Guid.Parse("01890a5d-ac96-774b-bcce-b302099a8057"),
        OccurredAt = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero),
        AggregateId = Aggregate,
        AggregateVersion = 1,
        CorrelationId = Guid.Parse("c0ffee00-0000-4000-8000-000000000001"),
        Title = "Write docs",
    };

    [Fact]
    public void An_apps_JsonSerializer_writes_a_StoredEvent_with_the_events_data()
    {
        var stored = new StoredEvent(Created, StreamKey.Format(Aggregate, "Task"), 1, 7, Created.OccurredAt);

        var json = JsonNode.Parse(JsonSerializer.Serialize(stored))!;

        Assert.Equal("Write docs", (string?)json["Event"]!["Title"]);
        Assert.Equal(Created.EventId, (Guid?)json["Event"]!["EventId"]);
        Assert.Equal("TaskCreated", (string?)json["EventType"]);
    }

    [Fact]
    public void An_apps_JsonSerializer_writes_an_EventStream_and_a_list_of_events_with_their_data()
    {
        var renamed = new TaskRenamed { AggregateId = Aggregate, NewTitle = "Write better docs" };
        var stream = new EventStream(Aggregate, "Task", [Created, renamed], 2);
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web); // what ASP.NET's Results.Ok(stream) writes with

        var streamJson = JsonNode.Parse(JsonSerializer.Serialize(stream, web))!;
        var listJson = JsonNode.Parse(JsonSerializer.Serialize<IReadOnlyList<DomainEvent>>(stream.Events))!;

        Assert.Equal("Write docs", (string?)streamJson["events"]![0]!["title"]);
        Assert.Equal("Write better docs", (string?)streamJson["events"]![1]!["newTitle"]);
        Assert.Equal("Write better docs", (string?)streamJson["latestEvent"]!["newTitle"]);
        Assert.Equal("Write docs", (string?)listJson[0]!["Title"]);
        Assert.Equal("Write better docs", (string?)listJson[1]!["NewTitle"]);
    }

    [Fact]
    public void An_anonymous_object_holding_an_event_is_written_with_its_data_under_the_apps_own_options()
    {
        var priced = new ItemPriced { ItemName = "Tea", Price = new Money(2.5m, "EUR") };
        var app = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower, Converters = { new MoneyJsonConverter() } };

        var json = JsonNode.Parse(JsonSerializer.Serialize(new { data = (DomainEvent)priced }, app))!;

        Assert.Equal("Tea", (string?)json["data"]!["item-name"]);
        Assert.Equal("2.5 EUR", (string?)json["data"]!["price"]);
        Assert.Equal(priced.EventId, (Guid?)json["data"]!["event-id"]);
    }

    [Fact]
    public void Deserialising_json_into_the_abstract_DomainEvent_throws_naming_the_concrete_class_and_the_codec_as_the_fix()
    {
        var json = JsonSerializer.Serialize<DomainEvent>(Created);

        var error = Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize<DomainEvent>(json));

        Assert.Contains("abstract DomainEvent", error.Message, StringComparison.Ordinal);
        Assert.Contains("EventCodec.Decode", error.Message, StringComparison.Ordinal);
        Assert.Equal("Write docs", JsonSerializer.Deserialize<TaskCreated>(json)!.Title); // the concrete class reads it
    }

    [Fact]
    public void A_registry_without_configured_options_encodes_todays_default_payload_byte_for_byte()
    {
        const string Today = """{"aggregateType":"Task","title":"Write docs","eventId":"01890a5d-ac96-774b-bcce-b302099a8057","occurredAt":"2024-03-01T12:00:00+00:00","aggregateId":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","aggregateVersion":1,"tenantId":null,"actorId":null,"correlationId":"c0ffee00-0000-4000-8000-000000000001","causationId":null,"eventVersion":1,"metadata":{}}""";

        Assert.Equal(Today, EventCodec.Encode(Created));
        Assert.Equal(Today, EventCodec.Encode(Created, new EventRegistry()));
        Assert.Equal(Today, System.Text.Encoding.UTF8.GetString(EventCodec.EncodeUtf8(Created, new EventRegistry())));
        Assert.Same(EventCodec.Options, new EventRegistry().JsonOptions);
    }

    [Fact]
    public void ConfigureJson_starts_from_the_codec_defaults_composes_and_leaves_read_only_options()
    {
        var registry = new EventRegistry().Register<ItemPriced>()
            .ConfigureJson(o => o.Converters.Add(new MoneyJsonConverter()))
            .ConfigureJson(o => o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        var priced = new ItemPriced { ItemName = "Tea", Price = new Money(1m, "EUR") };

        var json = JsonNode.Parse(EventCodec.Encode(priced, registry))!;

        Assert.Equal("1 EUR", (string?)json["price"]);
        Assert.Equal("Tea", (string?)json["item_name"]);
        Assert.True(registry.JsonOptions.IsReadOnly);
        Assert.True(registry.JsonOptions.PropertyNameCaseInsensitive); // the web default kept
        var back = Assert.IsType<ItemPriced>(EventCodec.Decode("ItemPriced", json.ToJsonString(), registry));
        Assert.Equal(priced.Price, back.Price);
    }
}
