// An event whose type no compiled class has: its type name and JSON data carried unchanged (tools, migrations, upcasting).
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional;

/// <summary>
/// An untyped event: a wire type name plus the payload's data properties as JSON, with the usual envelope
/// (<see cref="DomainEvent.EventId"/>, <see cref="DomainEvent.OccurredAt"/>, …). A store accepts and returns raw events
/// only when its registry allows them (<see cref="EventRegistry.AllowRawEvents"/>): then appending a
/// <see cref="RawEvent"/> stores exactly the JSON a typed event with the same properties would store, and reading a
/// row whose type has no registered class yields a <see cref="RawEvent"/> instead of throwing
/// <see cref="EventTypeNotRegisteredException"/>.
/// </summary>
public sealed record RawEvent : DomainEvent
{
    /// <summary>Creates a raw event of type <paramref name="eventType"/> with no data properties.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> is null or blank.</exception>
    public RawEvent(string eventType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        Type = eventType;
    }

    [JsonConstructor]
    private RawEvent() => Type = "";

    /// <summary>The wire type name.</summary>
    [JsonIgnore]
    public string Type { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override string EventType => Type;

    /// <summary>The payload's data properties (everything but the envelope), by JSON name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Data { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Creates a raw event from a JSON object holding its data properties (for example <c>{"title":"x"}</c>).</summary>
    /// <exception cref="ArgumentException">The type is blank, or <paramref name="jsonObject"/> is not a JSON object (the message quotes the parser's error).</exception>
    public static RawEvent FromJson(string eventType, string jsonObject)
    {
        ArgumentNullException.ThrowIfNull(jsonObject);
        Dictionary<string, JsonElement>? data;
        try
        {
            data = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(jsonObject);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Event data must be a JSON object: {ex.Message}", nameof(jsonObject), ex);
        }

        return new RawEvent(eventType) { Data = data ?? throw new ArgumentException("Event data must be a JSON object, not null.", nameof(jsonObject)) };
    }

    /// <summary>The data properties as one JSON object.</summary>
    public string DataJson() => JsonSerializer.Serialize(Data);
}
