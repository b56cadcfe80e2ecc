// A null where the core's public API needs a value is a caller bug: an ArgumentNullException naming the argument, never a NullReferenceException.
using System.Text.Json;
using EventStore.Functional.Codec;
using EventStore.Functional.Reading;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class NullArgumentTests
{
    public static TheoryData<string, string, Action> Calls()
    {
        var registry = TestEvents.NewRegistry();
        var e = new TaskCreated();
        var projection = new Projection<int>(0, (n, _) => n + 1);
        var stored = new StoredEvent(e, "s", 1, 1, DateTimeOffset.UnixEpoch);
        return new()
        {
            { "EventCodec.Encode", "e", () => EventCodec.Encode(null!) },
            { "EventCodec.Encode with a registry", "e", () => EventCodec.Encode(null!, registry) },
            { "EventCodec.Encode without a registry", "registry", () => EventCodec.Encode(e, null!) },
            { "EventCodec.EncodeUtf8", "e", () => EventCodec.EncodeUtf8(null!) },
            { "EventCodec.EncodeUtf8 with a registry", "e", () => EventCodec.EncodeUtf8(null!, registry) },
            { "EventCodec.EncodeUtf8 without a registry", "registry", () => EventCodec.EncodeUtf8(e, null!) },
            { "EventCodec.Decode of null text", "json", () => EventCodec.Decode("TaskCreated", (string)null!, registry) },
            { "EventCodec.Decode without a registry", "registry", () => EventCodec.Decode("TaskCreated", "{}", null!) },
            { "EventCodec.Decode of bytes without a registry", "registry", () => EventCodec.Decode("TaskCreated", "{}"u8, null!) },
            { "DomainEvent.NameOf", "eventClass", () => DomainEvent.NameOf(null!) },
            { "EventRegistry.Register", "eventClass", () => registry.Register(null!) },
            { "EventRegistry.RegisterAssembly", "assembly", () => registry.RegisterAssembly(null!) },
            { "EventRegistry.Accepts", "e", () => registry.Accepts(null!) },
            { "EventRegistry.ConfigureJson", "configure", () => new EventRegistry().ConfigureJson(null!) },
            { "RawEvent.FromJson", "jsonObject", () => RawEvent.FromJson("T", null!) },
            { "Projection.Fold of a stream", "stream", () => projection.Fold((EventStream)null!) },
            { "Projection.Fold of events", "events", () => projection.Fold(0, null!) },
            { "Projection.When", "handler", () => projection.When<TaskCreated>(null!) },
            { "ReadModel.Select of no events", "ascending", () => ReadModel.Select(null!, ReadOptions.Default, PositionKind.Global) },
            { "ReadModel.Select without options", "options", () => ReadModel.Select([], null!, PositionKind.Global) },
            { "ReadModel.Matches of no event", "e", () => ReadModel.Matches(null!, ReadOptions.Default, PositionKind.Global) },
            { "ReadModel.Matches without options", "options", () => ReadModel.Matches(stored, null!, PositionKind.Global) },
            { "ReadModel.MatchesFilters of no event", "e", () => ReadModel.MatchesFilters(null!, ReadOptions.Default) },
            { "ReadModel.MatchesFilters without options", "options", () => ReadModel.MatchesFilters(e, null!) },
            { "ReadModel.Filters", "options", () => ReadModel.Filters(null!) },
            { "Inspection.Statistics", "log", () => Inspection.Statistics(null!, 0, null) },
            { "Inspection.Streams", "log", () => Inspection.Streams(null!, null, null) },
            { "AsyncSequence.From", "source", () => AsyncSequence.From<int>(null!).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult() },
            { "StreamKey.ValidateAggregateType", "aggregateType", () => StreamKey.ValidateAggregateType(null) },
            { "DomainEventJsonConverter.Write without a writer", "writer", () => new DomainEventJsonConverter().Write(null!, e, JsonSerializerOptions.Default) },
        };
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_null_argument_is_refused_by_name(string call, string parameter, Action act)
    {
        var ex = Assert.Throws<ArgumentNullException>(act);
        Assert.True(ex.ParamName == parameter, $"{call}: named '{ex.ParamName}'");
    }

    [Fact]
    public void A_null_event_given_to_the_json_converter_is_refused_by_name()
    {
        using var writer = new Utf8JsonWriter(Stream.Null);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new DomainEventJsonConverter().Write(writer, null!, JsonSerializerOptions.Default)).ParamName);
    }

    [Fact]
    public void A_blank_wire_name_is_refused() =>
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new EventTypeAttribute(" ")).ParamName);
}
