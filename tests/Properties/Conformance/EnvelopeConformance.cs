// Conformance: the envelope is the store's — reads return what the append stamped, whatever the payload's data says (issue 24, item 2).
using System.Text.Json;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class EnvelopeConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private const string DocType = "Doc";

    [Theory]
    [InlineData("tenantId", "\"f0f0f0f0-0000-4000-8000-000000000003\"")]
    [InlineData("aggregateId", "\"f0f0f0f0-0000-4000-8000-000000000002\"")]
    [InlineData("eventId", "\"f0f0f0f0-0000-4000-8000-000000000001\"")]
    [InlineData("aggregateVersion", "99")]
    [InlineData("aggregateType", "\"Other\"")]
    [InlineData("occurredAt", "\"1999-01-01T00:00:00Z\"")]
    [InlineData("correlationId", "\"f0f0f0f0-0000-4000-8000-000000000004\"")]
    [InlineData("metadata", "{\"k\":\"forged\"}")]
    [InlineData("TenantId", "\"f0f0f0f0-0000-4000-8000-000000000003\"")]
    [InlineData("AGGREGATEVERSION", "99")]
    public async Task A_raw_event_whose_data_names_an_envelope_property_is_rejected_naming_it_and_writes_nothing(string key, string value)
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var before = await SnapshotAsync(store);
        var forged = RawEvent.FromJson("DocWritten", $$"""{"title":"x",{{JsonSerializer.Serialize(key)}}:{{value}}}""") with { TenantId = Guid.NewGuid() };

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendEventsAsync(Guid.NewGuid(), DocType, [forged], ExpectedVersion.Any));

        Assert.Contains($"'{key}'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before, [forged], store);
    }

    [Fact]
    public async Task A_raw_event_of_a_registered_type_cannot_override_its_envelope_through_its_data_either()
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var before = await SnapshotAsync(store);
        var forged = RawEvent.FromJson("TaskCreated", """{"title":"x","tenantId":"f0f0f0f0-0000-4000-8000-000000000003"}""") with { TenantId = Guid.NewGuid() };

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendEventsAsync(Guid.NewGuid(), TaskType, [forged], ExpectedVersion.Any));

        Assert.Contains("'tenantId'", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(before, [forged], store);
    }

    [Fact]
    public async Task Under_a_naming_policy_the_envelope_names_are_the_policys_and_other_spellings_are_plain_data()
    {
        var registry = new EventRegistry().AllowRawEvents().ConfigureJson(o => o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        var store = await NewStoreAsync(registry);
        var id = Guid.NewGuid();
        var tenant = Guid.NewGuid();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.AppendEventsAsync(id, DocType, [RawEvent.FromJson("DocWritten", """{"tenant_id":"f0f0f0f0-0000-4000-8000-000000000003"}""")], ExpectedVersion.Any));
        Assert.Contains("'tenant_id'", ex.Message, StringComparison.Ordinal);

        var data = RawEvent.FromJson("DocWritten", """{"tenantId":"not the envelope's","aggregateVersion":99}""") with { TenantId = tenant };
        await AppendAsync(id, DocType, ExpectedVersion.NoStream, [data], store);

        var read = Assert.IsType<RawEvent>(Assert.Single(await ReadStreamListAsync(StreamKey.Format(id, DocType), store: store)).Event);
        Assert.Equal(tenant, read.TenantId);
        Assert.Equal(1, read.AggregateVersion);
        Assert.Equal("not the envelope's", read.Data["tenantId"].GetString());
        Assert.Equal(99, read.Data["aggregateVersion"].GetInt32());
    }

    [Fact]
    public async Task A_payload_that_forges_the_envelope_reads_back_with_the_envelope_the_append_stamped_on_every_read()
    {
        var store = await NewStoreAsync(HostileEvents.ForgingRegistry());
        var id = Guid.NewGuid();
        var tenant = Guid.NewGuid();
        var appended = new Forged { Note = "n", TenantId = tenant, OccurredAt = T0 };

        await AppendAsync(id, DocType, ExpectedVersion.NoStream, [appended], store);

        var streamId = StreamKey.Format(id, DocType);
        var stored = Assert.Single(await ReadAllListAsync(store: store));
        Assert.Equal(streamId, stored.StreamId);
        Assert.Equal(1, stored.StreamPosition);
        Assert.Equal(stored, Assert.Single(await ReadAllListAsync(new ReadOptions { TenantId = tenant }, store)));
        Assert.Empty(await ReadAllListAsync(new ReadOptions { TenantId = HostileEvents.ForgedTenantId }, store));
        Assert.Equal(streamId, Assert.Single(await ReadStreamListAsync(streamId, store: store)).StreamId);
        DomainEvent[] reads =
        [
            stored.Event,
            Assert.Single(await ReadStreamListAsync(streamId, store: store)).Event,
            Assert.Single((await store.GetEventsAsync(id, DocType)).Events),
            Assert.Single(await store.GetEventsByTypeAsync(DocType, tenant)),
        ];
        Assert.All(reads, e =>
        {
            var read = Assert.IsType<Forged>(e);
            Assert.Equal(appended.EventId, read.EventId);
            Assert.Equal(id, read.AggregateId);
            Assert.Equal(DocType, read.AggregateType);
            Assert.Equal(1, read.AggregateVersion);
            Assert.Equal(tenant, read.TenantId);
            Assert.Equal(T0, read.OccurredAt);
            Assert.Equal("n", read.Note);
        });
        Assert.True(await store.EventExistsAsync(appended.EventId));
        Assert.False(await store.EventExistsAsync(HostileEvents.ForgedEventId));
    }
}
