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
/// <remarks>
/// The envelope is the store's: an append refuses a raw event whose <see cref="Data"/> has a key the codec would read as
/// an envelope property (<c>tenantId</c>, <c>aggregateVersion</c>, … as the registry's naming policy spells them), with an
/// <see cref="ArgumentException"/> naming it; set those properties on the event itself.
/// </remarks>
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
        Dictionary<string, JsonElement> data = new(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(jsonObject);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"Event data must be a JSON object, not {KindName(doc.RootElement.ValueKind)}.", nameof(jsonObject));
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                data[property.Name] = property.Value.Clone();
            }
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Event data must be a JSON object: {ex.Message}", nameof(jsonObject), ex);
        }

        return new RawEvent(eventType) { Data = data };
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The data properties as one JSON object.</summary>
    public string DataJson() => JsonSerializer.Serialize(Data);
}
