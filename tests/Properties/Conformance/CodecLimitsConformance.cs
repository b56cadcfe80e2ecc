// Conformance: input the codec cannot store losslessly is one ArgumentException on every backend, naming it, nothing written (issue 24, item 3).
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class CodecLimitsConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    public static TheoryData<string> LoneSurrogatePlaces => ["title", "actorId", "metadata value", "metadata key", "low surrogate"];

    [Theory]
    [MemberData(nameof(LoneSurrogatePlaces))]
    public async Task A_string_with_a_lone_surrogate_is_rejected_naming_it_and_writes_nothing(string place)
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var before = await SnapshotAsync(store);
        var e = place switch
        {
            "title" => new TaskCreated { Title = "x\uD800y" },
            "actorId" => new TaskCreated { ActorId = "user\uD800" },
            "metadata value" => new TaskCreated { Metadata = new Dictionary<string, string> { ["trace"] = "a\uD800b" } },
            "metadata key" => new TaskCreated { Metadata = new Dictionary<string, string> { ["k\uD800"] = "v" } },
            _ => new TaskCreated { Title = "\uDC00 first" },
        };

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendEventsAsync(Guid.NewGuid(), TaskType, [e], ExpectedVersion.Any));

        Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
        Assert.Contains(e.EventId.ToString("D"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(place.StartsWith("metadata", StringComparison.Ordinal) ? "$.metadata" : place == "actorId" ? "$.actorId" : "$.title", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before, [e], store);
    }

    [Fact]
    public async Task A_raw_event_whose_data_escapes_a_lone_surrogate_is_rejected_and_writes_nothing()
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var before = await SnapshotAsync(store);
        var e = RawEvent.FromJson("DocWritten", """{"text":"x\uD800y"}""");

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Doc", [e], ExpectedVersion.Any));

        Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before, [e], store);
    }

    [Fact]
    public async Task Surrogate_pairs_and_the_replacement_character_are_stored_intact()
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var id = Guid.NewGuid();
        var e = new TaskCreated { Title = "🎉 \uFFFD 𝄞", ActorId = "\uD83D\uDE00", Metadata = new Dictionary<string, string> { ["😀"] = "\uFFFD" } };

        await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [e], store);

        EventAssert.Same(EventAssert.StoredCopy(e, id, TaskType, 1), Assert.Single((await store.GetEventsAsync(id, TaskType)).Events));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task A_non_finite_double_is_rejected_naming_the_property_and_writes_nothing(double value)
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var before = await SnapshotAsync(store);
        var e = new Measured(value);

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Sensor", [e], ExpectedVersion.Any));

        Assert.Contains("$.value", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains(e.EventId.ToString("D"), ex.Message, StringComparison.Ordinal);
        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before, [e], store);
    }

    [Fact]
    public async Task An_object_nested_deeper_than_the_codec_allows_is_rejected_and_writes_nothing()
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var before = await SnapshotAsync(store);
        var e = new Nested(Node.Chain(200));

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Tree", [e], ExpectedVersion.Any));

        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
        Assert.Contains("depth", ex.Message, StringComparison.Ordinal);
        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before, [e], store);
    }

    [Fact]
    public async Task An_object_nested_within_the_limit_is_stored_and_read_back_whole()
    {
        var store = await NewStoreAsync(HostileEvents.Registry());
        var id = Guid.NewGuid();
        var e = new Nested(Node.Chain(60));

        await AppendAsync(id, "Tree", ExpectedVersion.NoStream, [e], store);

        EventAssert.Same(EventAssert.StoredCopy(e, id, "Tree", 1), Assert.Single((await store.GetEventsAsync(id, "Tree")).Events));
    }

    [Fact]
    public async Task Null_metadata_is_rejected_at_the_call_and_writes_nothing()
    {
        var before = await SeedAsync();
        var e = new TaskCreated { Metadata = null! };

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [e], ExpectedVersion.Any));

        Assert.Contains("Metadata", ex.Message, StringComparison.Ordinal);
        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before, [e]);
    }

    private async Task<StoreSnapshot> SeedAsync()
    {
        await AppendAsync(Guid.NewGuid(), new TaskCreated { Title = "seed" });
        return await SnapshotAsync();
    }
}
