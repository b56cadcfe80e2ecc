// The event codec: System.Text.Json payloads keyed by wire type name, decoded through an EventRegistry.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional.Codec;

/// <summary>
/// Encodes a registered event as a JSON payload (the whole event, camelCase, so <c>payload-&gt;&gt;'title'</c> and
/// <c>json_extract(payload,'$.title')</c> work) and decodes a payload back through an <see cref="EventRegistry"/>.
/// </summary>
public static class EventCodec
{
    /// <summary>The serializer options every store uses (cached: building options is expensive).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Encodes an event to JSON text.</summary>
    public static string Encode(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.Serialize(e, e.GetType(), Options);
    }

    /// <summary>Encodes an event to UTF-8 JSON bytes.</summary>
    public static byte[] EncodeUtf8(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), Options);
    }

    /// <summary>Decodes a payload stored under <paramref name="eventType"/> (as a <see cref="RawEvent"/> when no class is registered and the registry allows raw events).</summary>
    /// <exception cref="EventTypeNotRegisteredException">No class is registered under <paramref name="eventType"/>.</exception>
    /// <exception cref="EventStoreException">The payload is not valid JSON for that class.</exception>
    public static DomainEvent Decode(string eventType, string json, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(registry);
        var type = TargetType(eventType, registry);
        try
        {
            return Typed(JsonSerializer.Deserialize(json, type, Options), eventType);
        }
        catch (JsonException ex)
        {
            throw new EventStoreException($"Stored payload of event type '{eventType}' cannot be decoded as {type.FullName}: {ex.Message}", ex);
        }
    }

    /// <summary>Decodes a UTF-8 payload stored under <paramref name="eventType"/>.</summary>
    /// <exception cref="EventTypeNotRegisteredException">No class is registered under <paramref name="eventType"/>.</exception>
    /// <exception cref="EventStoreException">The payload is not valid JSON for that class.</exception>
    public static DomainEvent Decode(string eventType, ReadOnlySpan<byte> utf8Json, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var type = TargetType(eventType, registry);
        try
        {
            return Typed(JsonSerializer.Deserialize(utf8Json, type, Options), eventType);
        }
        catch (JsonException ex)
        {
            throw new EventStoreException($"Stored payload of event type '{eventType}' cannot be decoded as {type.FullName}: {ex.Message}", ex);
        }
    }

    // The registered class, else RawEvent when the registry allows raw events, else EventTypeNotRegisteredException.
    private static Type TargetType(string eventType, EventRegistry registry) =>
        registry.RawEventsAllowed && !registry.IsRegistered(eventType) ? typeof(RawEvent) : registry.Resolve(eventType);

    private static DomainEvent Typed(object? decoded, string eventType) => decoded switch
    {
        RawEvent raw => raw with { Type = eventType },
        DomainEvent e => e,
        _ => throw new EventStoreException($"Stored payload of event type '{eventType}' is JSON null."),
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
