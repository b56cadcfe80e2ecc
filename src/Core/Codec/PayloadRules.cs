// The rules a store applies to the payloads it writes, for one set of options: the envelope's names are the envelope's, and only lossless JSON is written.
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace EventStore.Functional.Codec;

/// <summary>
/// What every store refuses to write, decided here once for a registry's <see cref="EventRegistry.JsonOptions"/>:
/// <list type="bullet">
/// <item>an event whose data (a <see cref="RawEvent"/>'s <see cref="RawEvent.Data"/>, or any class's
/// <c>[JsonExtensionData]</c>) has a key the codec would read back as an envelope property — <c>tenantId</c>,
/// <c>aggregateVersion</c>, … as the options' naming policy spells them, compared as the options compare names on reads
/// (case-insensitively by default): the envelope is the store's (<see cref="EnvelopeCollision"/>);</item>
/// <item>an event the codec cannot write as JSON that reads back the same: a lone UTF-16 surrogate, a NaN or infinite
/// number (unless the options allow named literals), nesting beyond <see cref="JsonSerializerOptions.MaxDepth"/>
/// (64 by default) (<see cref="EncodeUtf8"/>, <see cref="Encode"/>, <see cref="Check"/>).</item>
/// </list>
/// Each refusal is an <see cref="ArgumentException"/> naming the event, the JSON path and the value's problem.
/// </summary>
internal sealed class PayloadRules
{
    private readonly JsonSerializerOptions _encoding;
    private readonly Dictionary<string, string> _envelope; // JSON name → property name
    private readonly ConcurrentDictionary<Type, JsonPropertyInfo?> _extensionData = new();
    private JsonSerializerOptions? _diagnostic;

    /// <summary>The rules for payloads written with <paramref name="options"/> (read-only).</summary>
    public PayloadRules(JsonSerializerOptions options)
    {
        Options = options;
        _encoding = new JsonSerializerOptions(options) { Encoder = new StrictJsonEncoder(options.Encoder ?? JavaScriptEncoder.Default) };
        _encoding.MakeReadOnly(populateMissingResolver: true);
        var names = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _envelope = options.GetTypeInfo(typeof(RawEvent)).Properties
            .Where(p => !p.IsExtensionData)
            .ToDictionary(p => p.Name, p => (p.AttributeProvider as MemberInfo)?.Name ?? p.Name, names);
    }

    /// <summary>The options these rules are for (the codec reads with them).</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>The first data key of <paramref name="e"/> that names an envelope property, and that property; null when there is none.</summary>
    /// <remarks>Per event on every append: a type test for a raw event, else one cached lookup of the class's extension data (usually none).</remarks>
    public (string Key, string Property)? EnvelopeCollision(DomainEvent e)
    {
        if (e is RawEvent raw)
        {
            foreach (var key in raw.Data.Keys)
            {
                if (_envelope.TryGetValue(key, out var property))
                {
                    return (key, property);
                }
            }

            return null;
        }

        var data = _extensionData.GetOrAdd(e.GetType(), static (type, options) => options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.IsExtensionData), Options);
        return data is null ? null : Collision(data.Get?.Invoke(e));
    }

    /// <summary>The payload of <paramref name="e"/> as UTF-8 JSON.</summary>
    /// <exception cref="ArgumentException">The codec cannot write <paramref name="e"/> losslessly (named <paramref name="paramName"/>).</exception>
    public byte[] EncodeUtf8(DomainEvent e, string paramName)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), _encoding);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw Unstorable(e, ex, paramName);
        }
    }

    /// <summary>The payload of <paramref name="e"/> as JSON text.</summary>
    /// <exception cref="ArgumentException">The codec cannot write <paramref name="e"/> losslessly (named <paramref name="paramName"/>).</exception>
    public string Encode(DomainEvent e, string paramName)
    {
        try
        {
            return JsonSerializer.Serialize(e, e.GetType(), _encoding);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw Unstorable(e, ex, paramName);
        }
    }

    /// <summary>Encodes <paramref name="e"/> and discards the bytes: for a store that keeps events, not payloads.</summary>
    /// <exception cref="ArgumentException">The codec cannot write <paramref name="e"/> losslessly (named <paramref name="paramName"/>).</exception>
    public void Check(DomainEvent e, string paramName)
    {
        try
        {
            JsonSerializer.Serialize(Stream.Null, e, e.GetType(), _encoding); // pooled buffers, nothing kept
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw Unstorable(e, ex, paramName);
        }
    }

    // A typed class's [JsonExtensionData] dictionary, whichever of the shapes System.Text.Json allows.
    private (string Key, string Property)? Collision(object? extensionData)
    {
        IEnumerable<string> keys = extensionData switch
        {
            IDictionary<string, JsonElement> d => d.Keys,
            IDictionary<string, object> d => d.Keys,
            JsonObject o => o.Select(p => p.Key),
            _ => [],
        };
        foreach (var key in keys)
        {
            if (_envelope.TryGetValue(key, out var property))
            {
                return (key, property);
            }
        }

        return null;
    }

    // Why the event cannot be stored. A writer's ArgumentException (a NaN) names no path: the event is encoded again
    // with converters that throw where it failed, so the message can name it (only on this failure path).
    private ArgumentException Unstorable(DomainEvent e, Exception ex, string paramName)
    {
        var cause = ex as JsonException ?? Diagnose(e);
        var what = cause switch
        {
            UnstorableValueException value => $"the {value.Kind} at {value.Path} {value.Message}",
            { Path: { } path } => $"its JSON fails at {Shortened(path)}: {Detail(cause, path)}",
            not null => $"its JSON fails: {Detail(cause, null)}",
            null => $"its JSON fails: {ex.Message}",
        };
        return new ArgumentException($"Event {e.EventId:D} ({e.EventType}) cannot be stored: {what}", paramName, ex);
    }

    private JsonException? Diagnose(DomainEvent e)
    {
        var diagnostic = Volatile.Read(ref _diagnostic);
        if (diagnostic is null)
        {
            diagnostic = new JsonSerializerOptions(_encoding);
            diagnostic.Converters.Insert(0, new FiniteNumberConverter<double>());
            diagnostic.Converters.Insert(0, new FiniteNumberConverter<float>());
            diagnostic.MakeReadOnly(populateMissingResolver: true);
            Volatile.Write(ref _diagnostic, diagnostic);
        }

        try
        {
            JsonSerializer.Serialize(Stream.Null, e, e.GetType(), diagnostic);
            return null;
        }
        catch (JsonException found)
        {
            return found;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // The serializer's message without the path it appends (already named), with the message of its cause.
    private static string Detail(JsonException ex, string? path)
    {
        var message = path is not null && ex.Message.EndsWith($" Path: {path}.", StringComparison.Ordinal) ? ex.Message[..^($" Path: {path}.".Length)] : ex.Message;
        return ex.InnerException is { } inner ? $"{message} ({inner.Message})" : message;
    }

    // A path of at most about 120 characters: its start and its end (a path 64 objects deep is long).
    private static string Shortened(string path) => path.Length <= 120 ? path : $"{path[..60]}…{path[^60..]}";
}
