// A decoded payload never overrides the envelope its row keeps: the same instance when they agree, the row's fields when not.
using EventStore.Functional.Codec;
using EventStore.Functional.Tests.Properties;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class StoredEnvelopeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [StoreProperty]
    public void A_decoded_event_reads_as_its_rows_envelope_and_is_the_same_instance_when_they_agree(DomainEvent decoded)
    {
        var envelope = new StoredEnvelope(Guid.NewGuid(), StreamKey.Create(Guid.NewGuid(), "Forged"), 7, Guid.NewGuid(), At);

        var read = envelope.Apply(decoded);

        Assert.Equal(envelope, EnvelopeOf(read));
        Assert.Equal(decoded with { EventId = read.EventId, AggregateId = read.AggregateId, AggregateType = read.AggregateType, AggregateVersion = 7, TenantId = read.TenantId, OccurredAt = At }, read);
        Assert.Same(read, envelope.Apply(read));
    }

    [Fact]
    public void Each_envelope_field_the_payload_contradicts_alone_is_taken_from_the_row()
    {
        var agreeing = new TaskCreated { EventId = Guid.NewGuid(), AggregateId = Guid.NewGuid(), AggregateVersion = 3, TenantId = Guid.NewGuid(), OccurredAt = At, Title = "x" };
        var envelope = EnvelopeOf(agreeing);
        DomainEvent[] forged =
        [
            agreeing with { EventId = Guid.NewGuid() },
            agreeing with { AggregateId = Guid.NewGuid() },
            agreeing with { AggregateType = "Other" },
            agreeing with { AggregateVersion = 4 },
            agreeing with { TenantId = null },
            agreeing with { TenantId = Guid.NewGuid() },
            agreeing with { OccurredAt = At.AddTicks(10) },
            agreeing with { OccurredAt = At.ToOffset(TimeSpan.FromHours(2)) }, // the same instant, another offset: reads as the row's UTC
        ];

        Assert.Same(agreeing, envelope.Apply(agreeing));
        foreach (var e in forged)
        {
            var read = envelope.Apply(e);
            Assert.Equal(agreeing, read);
            Assert.Equal(TimeSpan.Zero, read.OccurredAt.Offset);
        }
    }

    private static StoredEnvelope EnvelopeOf(DomainEvent e) =>
        new(e.EventId, StreamKey.Create(e.AggregateId, e.AggregateType), e.AggregateVersion, e.TenantId, e.OccurredAt);
}
