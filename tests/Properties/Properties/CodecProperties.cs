// Properties of the event codec: every field survives a round trip, stored instants stay UTC microseconds.
using System.Text.Json;
using EventStore.Functional.Codec;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EventStore.Functional.Tests.Properties;

public sealed class CodecProperties
{
    [StoreProperty(MaxTest = 1000)]
    public void Decoding_an_encoded_event_gives_back_every_field(DomainEvent e)
    {
        EventFields.AssertSame(e, EventCodec.Decode(e.EventType, EventCodec.Encode(e), ModelDriver.Registry), "text: ");
        EventFields.AssertSame(e, EventCodec.Decode(e.EventType, EventCodec.EncodeUtf8(e), ModelDriver.Registry), "utf-8: ");
    }

    [StoreProperty(MaxTest = 1000)]
    public Property A_stored_event_round_trips_with_its_microsecond_UTC_time(DomainEvent e)
    {
        var stored = e with { OccurredAt = Time.Normalize(e.OccurredAt), AggregateId = Guid.NewGuid(), AggregateType = "Task", AggregateVersion = 7 };

        var json = EventCodec.Encode(stored);
        var decoded = EventCodec.Decode(stored.EventType, json, ModelDriver.Registry);

        var names = JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        return (decoded.OccurredAt.Offset == TimeSpan.Zero).Label("UTC offset")
            .And((decoded.OccurredAt.UtcTicks == stored.OccurredAt.UtcTicks).Label("same instant"))
            .And((decoded.OccurredAt.UtcTicks % TimeSpan.TicksPerMicrosecond == 0).Label("whole microseconds"))
            .And(EventFields.Differences(stored, decoded).Count == 0).Label("every field")
            .And(names.All(n => char.IsLower(n[0])) && !names.Contains("eventType")).Label($"camelCase payload without the type: {string.Join(",", names)}");
    }

    [StoreProperty(MaxTest = 1000)]
    public Property Normalising_an_instant_truncates_it_to_a_UTC_microsecond(DateTimeOffset instant)
    {
        var normal = Time.Normalize(instant);
        return (normal.Offset == TimeSpan.Zero).Label("UTC")
            .And((normal.UtcTicks % TimeSpan.TicksPerMicrosecond == 0).Label("whole microseconds"))
            .And((normal <= instant && instant - normal < TimeSpan.FromMicroseconds(1)).Label("truncated, not rounded"))
            .And((Time.Normalize(normal) == normal).Label("idempotent"));
    }

    [StoreProperty(MaxTest = 1000)]
    public void Decoding_an_unregistered_type_throws_naming_it(NonNull<string> suffix)
    {
        var name = $"Unregistered.{suffix.Get}";

        var error = Assert.Throws<EventTypeNotRegisteredException>(() => EventCodec.Decode(name, "{}", ModelDriver.Registry));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
