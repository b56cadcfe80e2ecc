// The memory engine's shared indexes against a plain scan of each value's own log: growth, snapshots, branches, concurrent readers.
using EventStore.Functional.Append;
using EventStore.Functional.Memory.Internal;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Memory;

public sealed class StoreModelIndexTests
{
    private static readonly EventRegistry Registry = TestEvents.TaskRegistry();

    [Fact]
    public void Every_value_of_a_long_chain_answers_from_its_own_log_after_the_indexes_grew()
    {
        var random = new Random(7);
        var streams = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToArray();
        var kept = new List<StoreModel>();
        var model = StoreModel.Empty;
        for (var i = 0; i < 3000; i++)
        {
            model = Append(model, streams[random.Next(streams.Length)], random.Next(1, 4));
            if (i % 97 == 0)
            {
                kept.Add(model);
            }
        }

        kept.Add(model);
        foreach (var value in kept)
        {
            AssertAgreesWithItsLog(value, streams);
            Assert.All(model.Log.Skip((int)value.GlobalPosition), later => Assert.False(value.Contains(later.EventId)));
        }
    }

    [Fact]
    public void Extending_an_older_value_branches_and_leaves_both_histories_intact()
    {
        var streams = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var trunk = StoreModel.Empty;
        for (var i = 0; i < 200; i++)
        {
            trunk = Append(trunk, streams[i % streams.Length], 1);
        }

        var older = trunk;
        for (var i = 0; i < 100; i++)
        {
            trunk = Append(trunk, streams[(i * 7) % streams.Length], 2);
        }

        var branch = older;
        for (var i = 0; i < 100; i++)
        {
            branch = Append(branch, streams[(i * 3) % streams.Length], 1);
        }

        Assert.Equal(200, older.GlobalPosition);
        Assert.Equal(400, trunk.GlobalPosition);
        Assert.Equal(300, branch.GlobalPosition);
        foreach (var value in new[] { older, trunk, branch })
        {
            AssertAgreesWithItsLog(value, streams);
        }

        Assert.All(trunk.Log.Skip(200), e => Assert.False(branch.Contains(e.EventId)));
        Assert.All(branch.Log.Skip(200), e => Assert.False(trunk.Contains(e.EventId)));
    }

    [Fact]
    public async Task Readers_of_a_snapshot_see_exactly_its_log_while_a_writer_extends_the_chain()
    {
        var streams = Enumerable.Range(0, 64).Select(_ => Guid.NewGuid()).ToArray();
        var current = StoreModel.Empty;
        using var done = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var random = new Random(11);
            for (var i = 0; i < 20_000; i++)
            {
                Volatile.Write(ref current, Append(Volatile.Read(ref current), streams[random.Next(streams.Length)], random.Next(1, 3)));
            }

            done.Cancel();
        });
        var checks = 0;
        while (!done.IsCancellationRequested || checks == 0)
        {
            var snapshot = Volatile.Read(ref current);
            var stream = StreamKey.Create(streams[checks % streams.Length], "Task");
            var expected = snapshot.Log.Where(e => e.StreamId == stream.Id).ToList();
            Assert.Equal(expected, snapshot.ReadStream(stream, ReadOptions.Default));
            Assert.Equal(expected.Count, snapshot.VersionOf(stream));
            if (!snapshot.Log.IsEmpty)
            {
                Assert.True(snapshot.Contains(snapshot.Log.Last.EventId));
            }

            checks++;
        }

        await writer;
        Assert.True(checks > 0);
    }

    [Fact]
    public void An_id_whose_hash_equals_a_stored_ids_hash_is_not_found_and_can_be_stored()
    {
        // A Guid's hash code XORs its four ints, so swapping two of them keeps the hash: the id table must compare ids.
        var stored = Guid.NewGuid();
        var twin = Twin(stored);
        Assert.Equal(stored.GetHashCode(), twin.GetHashCode());
        var stream = Guid.NewGuid();
        var model = Append(StoreModel.Empty, stream, [stored]);

        Assert.False(model.Contains(twin));
        Assert.True(model.LocationOf(twin).IsNone);
        model = Append(model, stream, [twin]);
        Assert.Equal(2, model.LocationOf(twin).Map(at => at.GlobalPosition).IfNone(0));
        Assert.Equal(1, model.LocationOf(stored).Map(at => at.GlobalPosition).IfNone(0));

        static Guid Twin(Guid id)
        {
            var bytes = id.ToByteArray();
            var swapped = bytes[8..12].Concat(bytes[4..8]).Concat(bytes[..4]).Concat(bytes[12..]).ToArray();
            return new Guid(swapped);
        }
    }

    [Fact]
    public void GetEvents_of_every_value_agrees_with_a_filtered_stream_read()
    {
        var random = new Random(5);
        var streams = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        var model = StoreModel.Empty;
        var values = new List<StoreModel>();
        for (var i = 0; i < 400; i++)
        {
            model = Append(model, streams[random.Next(streams.Length)], random.Next(1, 4));
            values.Add(model);
        }

        foreach (var value in values.Where((_, i) => i % 37 == 0).Append(model))
        {
            foreach (var id in streams)
            {
                var stream = StreamKey.Create(id, "Task");
                foreach (var from in new long[] { 0, 1, 2, 5, 30, 1000 })
                {
                    var options = Reading.ReadModel.ForGetEvents(from, null, null);
                    var read = value.GetEvents(stream, from, null, null);
                    Assert.Equal(value.ReadStream(stream, options).Select(e => e.Event), read.Events);
                    Assert.Equal(value.VersionOf(stream), read.Version);
                }
            }
        }
    }

    [Fact]
    public void Streams_of_one_aggregate_id_and_different_types_are_different_streams_with_their_own_ids()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToArray();
        var model = StoreModel.Empty;
        for (var i = 0; i < 600; i++)
        {
            model = Append(model, ids[i % ids.Length], i % 3 == 0 ? "Task" : "Project", 1 + (i % 2));
        }

        foreach (var id in ids)
        {
            foreach (var type in new[] { "Task", "Project", "Other" })
            {
                var stream = StreamKey.Create(id, type);
                var expected = model.Log.Where(e => e.AggregateId == id && e.AggregateType == type).ToList();
                Assert.Equal(expected, model.ReadStream(stream, ReadOptions.Default));
                Assert.Equal(expected.Count, model.VersionOf(stream));
            }
        }

        Assert.All(model.Log, e => Assert.Equal(StreamKey.Format(e.AggregateId, e.AggregateType), e.StreamId));
        Assert.All(model.Log, e => Assert.Equal(e.StreamId, model.LocationOf(e.EventId).Map(at => at.StreamId).IfNone("")));
    }

    private static StoreModel Append(StoreModel model, Guid stream, Guid[] ids)
    {
        var events = ids.Select(id => (DomainEvent)new TaskRenamed { EventId = id, NewTitle = "t" }).ToArray();
        var request = AppendRequest.Create(stream, "Task", events, ExpectedVersion.Any, Registry);
        return model.Append(request, DateTimeOffset.UnixEpoch).Match(a => a.Store, c => throw new InvalidOperationException(c.ToString()));
    }

    private static StoreModel Append(StoreModel model, Guid stream, int count) => Append(model, stream, "Task", count);

    private static StoreModel Append(StoreModel model, Guid stream, string type, int count)
    {
        var events = Enumerable.Range(0, count).Select(_ => (DomainEvent)new TaskRenamed { AggregateType = type, NewTitle = "t" }).ToArray();
        var request = AppendRequest.Create(stream, type, events, ExpectedVersion.Any, Registry);
        return model.Append(request, DateTimeOffset.UnixEpoch).Match(a => a.Store, c => throw new InvalidOperationException(c.ToString()));
    }

    private static void AssertAgreesWithItsLog(StoreModel model, Guid[] streams)
    {
        foreach (var id in streams)
        {
            var stream = StreamKey.Create(id, "Task");
            var expected = model.Log.Where(e => e.StreamId == stream.Id).ToList();
            Assert.Equal(expected, model.ReadStream(stream, ReadOptions.Default));
            Assert.Equal(expected.Count, model.VersionOf(stream));
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), expected.Select(e => e.StreamPosition));
        }

        foreach (var e in model.Log)
        {
            Assert.Equal(new EventLocation(e.StreamId, e.StreamPosition, e.GlobalPosition), model.LocationOf(e.EventId));
        }

        Assert.False(model.Contains(Guid.NewGuid()));
    }

    [Fact]
    public void The_log_refuses_a_batch_past_its_capacity_with_a_message_naming_the_limit()
    {
        SharedIndex.EnsureRoom(0, 1);
        SharedIndex.EnsureRoom(StoreModel.MaxEvents - 1, 1); // exactly full

        var over = Assert.Throws<EventStoreException>(() => SharedIndex.EnsureRoom(StoreModel.MaxEvents - 1, 2));
        Assert.Contains(StoreModel.MaxEvents.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), over.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", over.Message, StringComparison.Ordinal);
        Assert.Throws<EventStoreException>(() => SharedIndex.EnsureRoom(StoreModel.MaxEvents, 1));
    }

    [Fact]
    public void The_capacity_is_the_most_events_whose_id_table_still_fits_in_one_array()
    {
        // The id table keeps at least twice as many entries as events, in a power-of-two array.
        static ulong IdTableFor(long events) => System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)(events + 1) * 2);

        Assert.True(IdTableFor(StoreModel.MaxEvents) <= (ulong)Array.MaxLength);
        Assert.True(IdTableFor(StoreModel.MaxEvents + 1) > (ulong)Array.MaxLength);
    }
}
