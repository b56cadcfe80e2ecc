// The event codec: System.Text.Json payloads keyed by wire type name, encoded and decoded with a registry's options.
using System.Text.Json;
using System.Text.Json.Serialization;

using LanguageExt;

namespace EventStore.Functional.Codec;

/// <summary>
/// Encodes a registered event as a JSON payload (the whole event, camelCase by default, so <c>payload-&gt;&gt;'title'</c>
/// and <c>json_extract(payload,'$.title')</c> work) and decodes a payload back through an <see cref="EventRegistry"/>,
/// both with the registry's <see cref="EventRegistry.JsonOptions"/> (by default <see cref="Options"/>).
/// </summary>
/// <remarks>
/// Encoding refuses, with an <see cref="ArgumentException"/> naming the event and the JSON path, what would not read back
/// the same: a string holding a lone UTF-16 surrogate (the built-in encoders would write U+FFFD), a NaN or infinite
/// <see cref="double"/> or <see cref="float"/> (unless the options allow named floating-point literals), and nesting
/// deeper than <see cref="JsonSerializerOptions.MaxDepth"/> (64 by default). Every store applies the same rule before it
/// writes, so every backend accepts and refuses the same events.
/// </remarks>
public static class EventCodec
{
    /// <summary>
    /// The default serializer options (web defaults: camelCase names, case-insensitive reads), which a registry uses until
    /// <see cref="EventRegistry.ConfigureJson"/> changes them. Read-only and cached: building options is expensive.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The payload rules of <see cref="Options"/> (after <see cref="Options"/>: static fields initialise in order).</summary>
    internal static PayloadRules DefaultRules { get; } = new(Options);

    /// <summary>Encodes an event to JSON text with the default <see cref="Options"/> (a store encodes with its registry's options).</summary>
    /// <exception cref="ArgumentException">The event cannot be written as JSON that reads back the same (see remarks).</exception>
    public static string Encode(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return DefaultRules.Encode(e, nameof(e));
    }

    /// <summary>Encodes an event to JSON text with <paramref name="registry"/>'s options, as a store using that registry stores it.</summary>
    /// <exception cref="ArgumentException">The event cannot be written as JSON that reads back the same (see remarks).</exception>
    public static string Encode(DomainEvent e, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Rules.Encode(e, nameof(e));
    }

    /// <summary>Encodes an event to UTF-8 JSON bytes with the default <see cref="Options"/> (a store encodes with its registry's options).</summary>
    /// <exception cref="ArgumentException">The event cannot be written as JSON that reads back the same (see remarks).</exception>
    public static byte[] EncodeUtf8(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return DefaultRules.EncodeUtf8(e, nameof(e));
    }

    /// <summary>Encodes an event to UTF-8 JSON bytes with <paramref name="registry"/>'s options, as a store using that registry stores it.</summary>
    /// <exception cref="ArgumentException">The event cannot be written as JSON that reads back the same (see remarks).</exception>
    public static byte[] EncodeUtf8(DomainEvent e, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Rules.EncodeUtf8(e, nameof(e));
    }

    /// <summary>A store's encoding of an event it is about to write: a refusal names the append's <c>events</c> argument.</summary>
    internal static string EncodeForAppend(DomainEvent e, EventRegistry registry) => registry.Rules.Encode(e, "events");

    /// <summary>A store's UTF-8 encoding of an event it is about to write: a refusal names the append's <c>events</c> argument.</summary>
    internal static byte[] EncodeUtf8ForAppend(DomainEvent e, EventRegistry registry) => registry.Rules.EncodeUtf8(e, "events");

    /// <summary>For a store that keeps events, not payloads: refuses what <see cref="EncodeForAppend"/> refuses, keeping nothing.</summary>
    internal static void CheckForAppend(Seq<DomainEvent> events, EventRegistry registry)
    {
        var rules = registry.Rules;
        foreach (var e in events)
        {
            rules.Check(e, "events");
        }
    }

    /// <summary>Decodes a stored payload and gives it the envelope its row keeps (<see cref="StoredEnvelope.Apply"/>).</summary>
    internal static DomainEvent DecodeStored(string eventType, ReadOnlySpan<byte> utf8Json, EventRegistry registry, in StoredEnvelope envelope) =>
        envelope.Apply(Decode(eventType, utf8Json, registry));

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
