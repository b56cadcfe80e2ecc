// The codec decodes without drawing DomainEvent's default ids and clock, yet gives what a plain decode gives.
using System.Text.Json.Nodes;
using EventStore.Functional.Codec;
using EventStore.Functional.Tests.Properties;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class CodecDefaultsTests
{
    private static readonly TaskCreated Stored = new()
    {
        EventId = Guid.CreateVersion7(),
        CorrelationId = Guid.NewGuid(),
        OccurredAt = Time.Normalize(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero)),
        AggregateId = Guid.NewGuid(),
        AggregateType = "Task",
        AggregateVersion = 3,
        Title = "write",
    };

    [Theory]
    [InlineData("eventId")]
    [InlineData("correlationId")]
    [InlineData("occurredAt")]
    public void A_payload_lacking_a_defaulted_field_decodes_with_a_fresh_default_as_a_plain_decode_does(string missing)
    {
        var json = JsonNode.Parse(EventCodec.Encode(Stored))!.AsObject();
        json.Remove(missing);
        var before = DateTimeOffset.UtcNow;

        var decoded = (TaskCreated)EventCodec.Decode("TaskCreated", json.ToJsonString(), ModelDriver.Registry);
        var fromUtf8 = (TaskCreated)EventCodec.Decode("TaskCreated", System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), ModelDriver.Registry);

        foreach (var e in new[] { decoded, fromUtf8 })
        {
            Assert.NotEqual(Guid.Empty, e.EventId);
            Assert.NotEqual(Guid.Empty, e.CorrelationId);
            Assert.NotEqual(default, e.OccurredAt);
            Assert.Equal(missing == "eventId" ? e.EventId : Stored.EventId, e.EventId);
            Assert.Equal(missing == "correlationId" ? e.CorrelationId : Stored.CorrelationId, e.CorrelationId);
            if (missing == "occurredAt")
            {
                Assert.InRange(e.OccurredAt, before, DateTimeOffset.UtcNow);
            }
            else
            {
                Assert.Equal(Stored.OccurredAt, e.OccurredAt);
            }

            Assert.Equal(Stored.Title, e.Title);
            Assert.Equal(Stored.AggregateVersion, e.AggregateVersion);
        }
    }

    [Fact]
    public void Empty_ids_written_in_the_payload_decode_as_empty()
    {
        var json = JsonNode.Parse(EventCodec.Encode(Stored))!.AsObject();
        json["eventId"] = Guid.Empty.ToString();
        json["correlationId"] = Guid.Empty.ToString();

        var decoded = EventCodec.Decode("TaskCreated", json.ToJsonString(), ModelDriver.Registry);

        Assert.Equal(Guid.Empty, decoded.EventId);
        Assert.Equal(Guid.Empty, decoded.CorrelationId);
        Assert.Equal(Stored.OccurredAt, decoded.OccurredAt);
    }

    [Fact]
    public void Events_made_after_a_decode_or_a_failed_decode_get_their_defaults()
    {
        EventCodec.Decode("TaskCreated", EventCodec.Encode(Stored), ModelDriver.Registry);
        var afterDecode = new TaskCreated();
        Assert.Throws<EventStoreException>(() => EventCodec.Decode("TaskCreated", "{\"title\": 5}", ModelDriver.Registry));
        var afterFailure = new TaskCreated();

        foreach (var e in new[] { afterDecode, afterFailure })
        {
            Assert.NotEqual(Guid.Empty, e.EventId);
            Assert.NotEqual(Guid.Empty, e.CorrelationId);
            Assert.NotEqual(default, e.OccurredAt);
        }

        Assert.NotEqual(afterDecode.EventId, afterFailure.EventId);
    }

    [Fact]
    public void A_record_with_a_primary_constructor_decodes_every_field()
    {
        var stored = new Deposited(12.5m, "EUR") { EventId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), Tags = ["a"], OccurredAt = Stored.OccurredAt };

        var decoded = (Deposited)EventCodec.Decode("Deposited", EventCodec.EncodeUtf8(stored), ModelDriver.Registry);

        EventFields.AssertSame(stored, decoded, "");
    }
}
