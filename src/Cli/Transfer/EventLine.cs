// The export format: one JSON object per line with an event's ids, positions, times and payload; written and parsed here.
using System.Text.Json;
using EventStore.Functional.Codec;

namespace EventStore.Functional.Cli.Transfer;

/// <summary>
/// A line of <c>eventstore export</c>: <c>{"globalPosition":…,"streamId":…,"streamPosition":…,"eventId":…,"eventType":…,
/// "occurredAt":…,"storedAt":…,"payload":{…}}</c>, where the payload is the stored event as the codec writes it.
/// </summary>
internal static class EventLine
{
    /// <summary>Writes <paramref name="e"/> as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter w, StoredEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("globalPosition", e.GlobalPosition);
        w.WriteString("streamId", e.StreamId);
        w.WriteNumber("streamPosition", e.StreamPosition);
        w.WriteString("eventId", e.EventId);
        w.WriteString("eventType", e.EventType);
        w.WriteString("occurredAt", e.Event.OccurredAt);
        w.WriteString("storedAt", e.StoredAt);
        w.WritePropertyName("payload");
        JsonSerializer.Serialize(w, e.Event, e.Event.GetType(), EventCodec.Options);
        w.WriteEndObject();
    }

    /// <summary>Parses line <paramref name="number"/> back into the event to append and where it belongs.</summary>
    /// <exception cref="InvalidDataException">The line is not an export line (the message names the line and the problem).</exception>
    public static ImportedEvent Parse(string line, long number, EventRegistry registry)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var stream = StreamKey.Parse(Field(root, "streamId").GetString());
            var position = Field(root, "streamPosition").GetInt64();
            var payload = Field(root, "payload");
            if (payload.ValueKind != JsonValueKind.Object || position < 1)
            {
                throw new FormatException("the payload must be a JSON object and streamPosition at least 1");
            }

            var decoded = EventCodec.Decode(Field(root, "eventType").GetString() ?? "", payload.GetRawText(), registry);
            var e = decoded with
            {
                EventId = Field(root, "eventId").GetGuid(),
                OccurredAt = Field(root, "occurredAt").GetDateTimeOffset(),
                AggregateId = stream.AggregateId,
                AggregateType = stream.AggregateType,
                AggregateVersion = position,
            };
            return new ImportedEvent(stream, position, Field(root, "storedAt").GetDateTimeOffset(), e, number);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or EventStoreException)
        {
            throw new InvalidDataException($"line {number} is not an export line: {OneLine(ex.Message)}", ex);
        }
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? value : throw new FormatException($"the field \"{name}\" is missing");

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
