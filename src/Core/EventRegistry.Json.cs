// The registry's codec options: how its events are written to and read from a store's payloads, fixed once a store uses it.
using System.Text.Json;
using EventStore.Functional.Codec;

namespace EventStore.Functional;

public sealed partial class EventRegistry
{
    private JsonSerializerOptions _json = EventCodec.Options;
    private string? _jsonFixedBy; // the first store created with this registry
    private PayloadRules _rules = EventCodec.DefaultRules;

    /// <summary>
    /// The read-only serializer options every store using this registry encodes and decodes payloads with:
    /// <see cref="EventCodec.Options"/> unless <see cref="ConfigureJson"/> changed them.
    /// </summary>
    public JsonSerializerOptions JsonOptions => Volatile.Read(ref _json);

    /// <summary>The payload rules of <see cref="JsonOptions"/>: how stores using this registry encode, and what they refuse to write.</summary>
    internal PayloadRules Rules => Volatile.Read(ref _rules);

    /// <summary>
    /// Changes the codec's options (converters, naming policy, …): <paramref name="configure"/> gets a writable copy of the
    /// current <see cref="JsonOptions"/> (the defaults, or what an earlier call made of them), and the copy, made
    /// read-only, replaces them. Only before a store is created with this registry: stored payloads are encoded with these
    /// options, and a store reads them back with the same ones.
    /// </summary>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="InvalidOperationException">A store was already created with this registry.</exception>
    public EventRegistry ConfigureJson(Action<JsonSerializerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        lock (_gate)
        {
            if (_jsonFixedBy is not null)
            {
                throw new InvalidOperationException(
                    $"The JSON options of {Describe()} are fixed: a {_jsonFixedBy} was created with this registry and encodes "
                    + "its payloads with them. Call ConfigureJson before creating any store with the registry.");
            }

            var options = new JsonSerializerOptions(_json);
            configure(options);
            options.MakeReadOnly(populateMissingResolver: true);
            Volatile.Write(ref _rules, new PayloadRules(options));
            Volatile.Write(ref _json, options);
        }

        return this;
    }

    /// <summary>Fixes <see cref="JsonOptions"/>: a store named <paramref name="store"/> is created with this registry.</summary>
    internal void FixJson(string store)
    {
        lock (_gate)
        {
            _jsonFixedBy ??= store;
        }
    }

    private string Describe() => ReferenceEquals(this, Default)
        ? "EventRegistry.Default"
        : $"the EventRegistry of {(RegisteredTypes is { Count: > 0 } types ? string.Join(", ", types) : "no registered type")}";
}
