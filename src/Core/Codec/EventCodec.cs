// The event codec: System.Text.Json payloads keyed by wire type name, encoded and decoded with a registry's options.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional.Codec;

/// <summary>
/// Encodes a registered event as a JSON payload (the whole event, camelCase by default, so <c>payload-&gt;&gt;'title'</c>
/// and <c>json_extract(payload,'$.title')</c> work) and decodes a payload back through an <see cref="EventRegistry"/>,
/// both with the registry's <see cref="EventRegistry.JsonOptions"/> (by default <see cref="Options"/>).
/// </summary>
public static class EventCodec
{
    /// <summary>
    /// The default serializer options (web defaults: camelCase names, case-insensitive reads), which a registry uses until
    /// <see cref="EventRegistry.ConfigureJson"/> changes them. Read-only and cached: building options is expensive.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Encodes an event to JSON text with the default <see cref="Options"/> (a store encodes with its registry's options).</summary>
    public static string Encode(DomainEvent e) => Encode(e, Options);

    /// <summary>Encodes an event to JSON text with <paramref name="registry"/>'s options, as a store using that registry stores it.</summary>
    public static string Encode(DomainEvent e, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return Encode(e, registry.JsonOptions);
    }

    /// <summary>Encodes an event to UTF-8 JSON bytes with the default <see cref="Options"/> (a store encodes with its registry's options).</summary>
    public static byte[] EncodeUtf8(DomainEvent e) => EncodeUtf8(e, Options);

    /// <summary>Encodes an event to UTF-8 JSON bytes with <paramref name="registry"/>'s options, as a store using that registry stores it.</summary>
    public static byte[] EncodeUtf8(DomainEvent e, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return EncodeUtf8(e, registry.JsonOptions);
    }

    /// <summary>
    /// Decodes a payload stored under <paramref name="eventType"/> with <paramref name="registry"/>'s options (as a
    /// <see cref="RawEvent"/> when no class is registered and the registry allows raw events).
    /// </summary>
    /// <exception cref="EventTypeNotRegisteredException">No class is registered under <paramref name="eventType"/>.</exception>
    /// <exception cref="EventStoreException">The payload is not valid JSON for that class.</exception>
    public static DomainEvent Decode(string eventType, string json, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(registry);
        var type = TargetType(eventType, registry);
        try
        {
            return Typed(JsonSerializer.Deserialize(json, type, registry.JsonOptions), eventType);
        }
        catch (JsonException ex)
        {
            throw Undecodable(eventType, type, ex);
        }
    }

    /// <summary>Decodes a UTF-8 payload stored under <paramref name="eventType"/> with <paramref name="registry"/>'s options.</summary>
    /// <exception cref="EventTypeNotRegisteredException">No class is registered under <paramref name="eventType"/>.</exception>
    /// <exception cref="EventStoreException">The payload is not valid JSON for that class.</exception>
    public static DomainEvent Decode(string eventType, ReadOnlySpan<byte> utf8Json, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var type = TargetType(eventType, registry);
        try
        {
            return Typed(JsonSerializer.Deserialize(utf8Json, type, registry.JsonOptions), eventType);
        }
        catch (JsonException ex)
        {
            throw Undecodable(eventType, type, ex);
        }
    }

    // Serialised as its runtime type: the declared DomainEvent would give only the base's properties.
    private static string Encode(DomainEvent e, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.Serialize(e, e.GetType(), options);
    }

    private static byte[] EncodeUtf8(DomainEvent e, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(e);
        return JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), options);
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

    private static EventStoreException Undecodable(string eventType, Type type, JsonException ex) =>
        new($"Stored payload of event type '{eventType}' cannot be decoded as {type.FullName}: {ex.Message}", ex);

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
