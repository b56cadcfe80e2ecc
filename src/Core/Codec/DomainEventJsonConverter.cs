// Makes any System.Text.Json serialiser write a value declared as DomainEvent as its runtime type, data included.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional.Codec;

/// <summary>
/// The converter <see cref="DomainEvent"/> carries by attribute, so that a value whose declared type is the abstract base
/// (<see cref="StoredEvent.Event"/>, <see cref="EventStream.Events"/>, an <c>IReadOnlyList&lt;DomainEvent&gt;</c>, an
/// anonymous <c>new { data = e.Event }</c>) is written as its runtime class, with the caller's own options (naming,
/// converters): its data properties appear, not only the envelope. A value declared as its concrete class never reaches
/// this converter.
/// </summary>
/// <remarks>
/// Reading JSON into the abstract <see cref="DomainEvent"/> throws <see cref="NotSupportedException"/>: the JSON does not
/// say which class it is. Deserialise into the concrete class, or decode a stored payload with
/// <see cref="EventCodec.Decode(string, string, EventRegistry)"/>, which finds the class by its wire type name.
/// </remarks>
public sealed class DomainEventJsonConverter : JsonConverter<DomainEvent>
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: the abstract base has no class to read into.</exception>
    public override DomainEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException(
            "Cannot deserialise JSON into the abstract DomainEvent: the JSON does not say which event class it is. "
            + "Deserialise into the concrete event class (JsonSerializer.Deserialize<TaskCreated>(json)), or decode a stored "
            + "payload by its event type with EventCodec.Decode(eventType, json, registry).");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DomainEvent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        JsonSerializer.Serialize(writer, value, value.GetType(), options); // a concrete class: its own converter, no recursion
    }
}
