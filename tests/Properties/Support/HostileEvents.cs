// Event classes for the bad-input and envelope tests: a double, deep nesting, and a payload converter that forges the envelope.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventStore.Functional.Tests.Support;

/// <summary>A reading: its value may be any double, NaN and infinities included.</summary>
[EventType("Measured")]
public sealed record Measured(double Value) : DomainEvent;

/// <summary>A link of a chain, nested one object deeper per link.</summary>
public sealed record Node
{
    public Node? Child { get; init; }

    /// <summary>A chain of <paramref name="links"/> nodes.</summary>
    public static Node Chain(int links)
    {
        var node = new Node();
        for (var i = 1; i < links; i++)
        {
            node = new Node { Child = node };
        }

        return node;
    }
}

/// <summary>An event whose payload nests as deep as its chain.</summary>
[EventType("Nested")]
public sealed record Nested(Node? Root) : DomainEvent;

/// <summary>An event whose registry's converter writes a forged envelope into its payload (see <see cref="ForgingConverter"/>).</summary>
[EventType("Forged")]
public sealed record Forged : DomainEvent
{
    public string Note { get; init; } = "";
}

/// <summary>
/// Writes a <see cref="Forged"/> with an envelope of its own (the values of <see cref="HostileEvents"/>), whatever the
/// store stamped, and reads back whatever envelope the payload holds: a payload that lies about its event.
/// </summary>
public sealed class ForgingConverter : JsonConverter<Forged>
{
    public override Forged Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return new Forged
        {
            EventId = root.GetProperty("eventId").GetGuid(),
            AggregateId = root.GetProperty("aggregateId").GetGuid(),
            AggregateType = root.GetProperty("aggregateType").GetString()!,
            AggregateVersion = root.GetProperty("aggregateVersion").GetInt64(),
            TenantId = root.GetProperty("tenantId").GetGuid(),
            OccurredAt = root.GetProperty("occurredAt").GetDateTimeOffset(),
            CorrelationId = root.GetProperty("correlationId").GetGuid(),
            Note = root.GetProperty("note").GetString()!,
        };
    }

    public override void Write(Utf8JsonWriter writer, Forged value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("eventId", HostileEvents.ForgedEventId);
        writer.WriteString("aggregateId", HostileEvents.ForgedAggregateId);
        writer.WriteString("aggregateType", "Other");
        writer.WriteNumber("aggregateVersion", 99);
        writer.WriteString("tenantId", HostileEvents.ForgedTenantId);
        writer.WriteString("occurredAt", HostileEvents.ForgedOccurredAt);
        writer.WriteString("correlationId", value.CorrelationId);
        writer.WriteString("note", value.Note);
        writer.WriteEndObject();
    }
}

public static class HostileEvents
{
    public static readonly Guid ForgedEventId = Guid.Parse("f0f0f0f0-0000-4000-8000-000000000001");
    public static readonly Guid ForgedAggregateId = Guid.Parse("f0f0f0f0-0000-4000-8000-000000000002");
    public static readonly Guid ForgedTenantId = Guid.Parse("f0f0f0f0-0000-4000-8000-000000000003");
    public static readonly DateTimeOffset ForgedOccurredAt = new(1999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The test events plus <see cref="Measured"/> and <see cref="Nested"/>, raw events allowed.</summary>
    public static EventRegistry Registry() => TestEvents.NewRegistry().Register<Measured>().Register<Nested>().AllowRawEvents();

    /// <summary>A registry of <see cref="Forged"/> written and read by <see cref="ForgingConverter"/>.</summary>
    public static EventRegistry ForgingRegistry() => new EventRegistry().Register<Forged>().ConfigureJson(o => o.Converters.Add(new ForgingConverter()));
}
