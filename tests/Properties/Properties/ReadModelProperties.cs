// Properties of the pure read model over generated stores: naive LINQ equivalence, paging, direction.
using EventStore.Functional.Model;
using EventStore.Functional.Reading;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EventStore.Functional.Tests.Properties;

public sealed class ReadModelProperties
{
    [StoreProperty(MaxTest = 500)]
    public Property Read_options_select_what_a_naive_LINQ_filter_selects(History history, ReadSpec spec)
    {
        var (_, model) = ModelDriver.Run(history.Script);
        var options = spec.ToOptions();

        var all = model.ReadAll(options).SequenceEqual(Naive(model.Log, options, e => e.GlobalPosition));
        var streams = history.Script.Pool.Streams.All(s =>
            model.ReadStream(s, options).SequenceEqual(Naive(StreamOf(model, s), options, e => e.StreamPosition)));
        return all.Label("ReadAll").And(streams.Label("ReadStream")).Classify(model.ReadAll(options).Any(), "non-empty");
    }

    [StoreProperty(MaxTest = 500)]
    public void GetEvents_and_GetEventsByType_select_what_a_naive_LINQ_filter_selects(History history, ReadSpec spec)
    {
        var (_, model) = ModelDriver.Run(history.Script);
        var (from, to) = (spec.From?.Value, spec.To?.Value);
        bool InTime(DomainEvent e) => (from is null || e.OccurredAt >= from) && (to is null || e.OccurredAt < to);

        foreach (var stream in history.Script.Pool.Streams)
        {
            var got = model.GetEvents(stream, spec.FromPosition, from, to);
            Assert.Equal(model.VersionOf(stream), got.Version);
            Assert.Equal(StreamOf(model, stream).Select(e => e.Event).Where(e => e.AggregateVersion >= spec.FromPosition && InTime(e)), got.Events);
        }

        var tenant = spec.Tenant is int t ? Pool.Tenants[t] : (Guid?)null;
        foreach (var type in Pool.AggregateTypes)
        {
            var byType = model.ReadAll(ReadModel.ForGetEventsByType(type, tenant, from)).Select(e => e.Event);
            var naive = model.Log.Map(e => e.Event).Where(e => e.AggregateType == type && (tenant is null || e.TenantId == tenant) && (from is null || e.OccurredAt >= from));
            Assert.Equal(naive, byType);
        }
    }

    [StoreProperty(MaxTest = 500)]
    public void Paging_with_a_limit_and_a_checkpoint_reproduces_the_full_read(History history, ReadSpec spec, PageSize page)
    {
        var (_, model) = ModelDriver.Run(history.Script);
        var forward = spec with { Direction = ReadDirection.Forward, Limit = null };

        Assert.Equal(model.ReadAll(forward.ToOptions()), Paged(forward, page, o => model.ReadAll(o), e => e.GlobalPosition));
        foreach (var stream in history.Script.Pool.Streams)
        {
            Assert.Equal(model.ReadStream(stream, forward.ToOptions()), Paged(forward, page, o => model.ReadStream(stream, o), e => e.StreamPosition));
        }
    }

    [StoreProperty(MaxTest = 500)]
    public void Backward_is_the_reverse_of_forward(History history, ReadSpec spec)
    {
        var (_, model) = ModelDriver.Run(history.Script);
        var forward = spec with { Direction = ReadDirection.Forward, Limit = null };
        var backward = forward with { Direction = ReadDirection.Backward };
        var limited = backward with { Limit = spec.Limit ?? 3 };

        Check(o => model.ReadAll(o));
        foreach (var stream in history.Script.Pool.Streams)
        {
            Check(o => model.ReadStream(stream, o));
        }

        void Check(Func<ReadOptions, IEnumerable<StoredEvent>> read)
        {
            var all = read(forward.ToOptions()).ToList();
            Assert.Equal(Enumerable.Reverse(all), read(backward.ToOptions()));
            Assert.Equal(Enumerable.Reverse(all).Take(limited.Limit!.Value), read(limited.ToOptions()));
        }
    }

    // Reads page after page, each time from the last position seen, until a page comes back empty.
    private static List<StoredEvent> Paged(ReadSpec spec, PageSize page, Func<ReadOptions, IEnumerable<StoredEvent>> read, Func<StoredEvent, long> position)
    {
        var result = new List<StoredEvent>();
        var checkpoint = spec.FromPosition;
        while (true)
        {
            var chunk = read(spec.ToOptions(checkpoint) with { Limit = page.Value }).ToList();
            Assert.True(chunk.Count <= page.Value, $"a page of {chunk.Count} exceeds the limit {page.Value}");
            if (chunk.Count == 0)
            {
                return result;
            }

            Assert.True(position(chunk[0]) > checkpoint, "a page repeated the checkpoint");
            result.AddRange(chunk);
            checkpoint = position(chunk[^1]);
        }
    }

    // The contract of ReadOptions, written the obvious way.
    private static IEnumerable<StoredEvent> Naive(IEnumerable<StoredEvent> events, ReadOptions o, Func<StoredEvent, long> position)
    {
        var selected = events
            .Where(e => position(e) > o.FromPosition)
            .Where(e => o.FromTimestamp is null || e.Event.OccurredAt >= o.FromTimestamp)
            .Where(e => o.ToTimestamp is null || e.Event.OccurredAt < o.ToTimestamp)
            .Where(e => o.TenantId is null || e.TenantId == o.TenantId)
            .Where(e => o.AggregateType is null || e.AggregateType == o.AggregateType)
            .OrderBy(position)
            .ToList();
        IEnumerable<StoredEvent> ordered = o.Direction == ReadDirection.Forward ? selected : Enumerable.Reverse(selected);
        return o.Limit is int n ? ordered.Take(n) : ordered;
    }

    private static IEnumerable<StoredEvent> StreamOf(ReferenceModel model, StreamKey stream) =>
        model.Log.Where(e => e.StreamId == stream.Id);
}
