// The memory store's engine against the reference model: the same verdict on every append and the same reads, on branches too.
using EventStore.Functional.Append;
using EventStore.Functional.Memory.Internal;
using EventStore.Functional.Model;
using EventStore.Functional.Reading;
using EventStore.Functional.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using Xunit.Sdk;

namespace EventStore.Functional.Tests.Memory;

public sealed class MemoryEngineProperties
{
    /// <summary>
    /// Every append of a generated history goes to an engine value and to the reference model value it stands for, most
    /// often the newest, sometimes an older one (the engine shares its arrays along a chain; extending an older value must
    /// copy them). Both must load the same facts and give the same verdict (result, conflict or duplicate, a retry keeping
    /// the value); the value extended and the new one must read alike, and at the end every value made still must.
    /// </summary>
    [StoreProperty(MaxTest = 300)]
    public Property The_engine_decides_and_reads_as_the_reference_model_on_every_value_of_a_branched_history(BranchedHistory history, ReadSpec spec)
    {
        var pool = history.Script.Pool;
        var driver = new ModelDriver(pool);
        var values = new List<(StoreModel Engine, ReferenceModel Model)> { (StoreModel.Empty, ReferenceModel.Empty) };
        var branches = 0;
        for (var i = 0; i < history.Script.Commands.Length; i++)
        {
            var at = Math.Max(0, values.Count - 1 - history.Back(i));
            var (engine, model) = values[at];
            driver.Model = model;
            if (driver.Resolve(history.Script.Commands[i]) is not { } call || ModelDriver.Request(call).Case is not AppendRequest request)
            {
                continue;
            }

            var now = Moment.Origin.AddHours(1).AddSeconds(i);
            var step = $"command {i} on value {at}";
            Check(step, () => Assert.Equal(model.FactsFor(request), engine.FactsFor(request)));
            var expected = Verdict(() => model.Append(request, now));
            var actual = Verdict(() => engine.Append(request, now).Map(a => (a.Store, a.Result)));
            Check(step, () => Assert.Equal(expected.Verdict, actual.Verdict));
            Check(step, () => Assert.Equal(ReferenceEquals(expected.Next, model), ReferenceEquals(actual.Next, engine)));
            if (expected.Next is { } nextModel && actual.Next is { } nextEngine && !ReferenceEquals(nextModel, model))
            {
                branches += at < values.Count - 1 ? 1 : 0; // a write on an older value than the newest
                values.Add((nextEngine, nextModel));
                Check($"{step}, the new value {values.Count - 1}", () => SameReads(nextEngine, nextModel, pool, spec, driver.Sent));
            }

            Check($"{step}, the value extended", () => SameReads(engine, model, pool, spec, driver.Sent));
        }

        for (var v = 0; v < values.Count; v++)
        {
            Check($"at the end, value {v}", () => SameReads(values[v].Engine, values[v].Model, pool, spec, driver.Sent));
        }

        return true.Classify(branches > 0, "a branch was written").Classify(branches > 2, "more than two branches")
            .Classify(values.Count > 20, "more than 20 values");
    }

    // An append's verdict in comparable form (its result, its conflict, or the duplicate's ids) and the value it left.
    private static (object Verdict, TStore? Next) Verdict<TStore>(Func<Either<AppendRejection, (TStore Store, AppendResult Result)>> append)
        where TStore : class =>
        append().Match<(object, TStore?)>(Right: a => (a.Result, a.Store), Left: rejection => (rejection, null));

    // Every read the memory store serves, on both values: the whole log, each stream of the pool with the generated
    // options and their reversal, both GetEvents paths, versions, and the location of every id sent (and of one never sent).
    private static void SameReads(StoreModel engine, ReferenceModel model, Pool pool, ReadSpec spec, IReadOnlyList<DomainEvent> sent)
    {
        ReadOptions[] options = [ReadOptions.Default, spec.ToOptions(), spec.ToOptions() with { Direction = Reverse(spec.Direction) }];
        Assert.Equal(model.GlobalPosition, engine.GlobalPosition);
        Same(model.Log, engine.Log);
        Same(model.Log, engine.Events);
        Assert.True(model.Streams.Equals(engine.Streams), "the streams differ");
        Assert.Equal(model.AggregateIds(), engine.AggregateIds());
        Assert.Equal(model.AllEvents(), engine.AllEvents());
        foreach (var o in options)
        {
            Same(model.ReadAll(o), engine.ReadAll(o));
        }

        foreach (var stream in pool.Streams)
        {
            Assert.Equal(model.VersionOf(stream), engine.VersionOf(stream));
            foreach (var o in options)
            {
                Same(model.ReadStream(stream, o), engine.ReadStream(stream, o));
                SameStream(model.GetEvents(stream, o), engine.GetEvents(stream, o));
            }

            var (from, to) = (spec.From?.Value, spec.To?.Value);
            SameStream(model.GetEvents(stream, spec.FromPosition, from, to), engine.GetEvents(stream, spec.FromPosition, from, to));
        }

        foreach (var id in sent.Select(e => e.EventId).Append(Guid.NewGuid()))
        {
            Assert.Equal(model.LocationOf(id), engine.LocationOf(id));
            Assert.Equal(model.Contains(id), engine.Contains(id));
        }
    }

    // Stored events compared as records, and their StoredAt offsets too (DateTimeOffset equality ignores the offset).
    private static void Same(IEnumerable<StoredEvent> expected, IEnumerable<StoredEvent> actual) =>
        Assert.Equal(expected.Select(e => (e, e.StoredAt.Offset)), actual.Select(e => (e, e.StoredAt.Offset)));

    private static void SameStream(EventStream expected, EventStream actual)
    {
        Assert.Equal((expected.AggregateId, expected.AggregateType, expected.Version), (actual.AggregateId, actual.AggregateType, actual.Version));
        Assert.Equal(expected.Events, actual.Events);
    }

    private static ReadDirection Reverse(ReadDirection d) => d == ReadDirection.Forward ? ReadDirection.Backward : ReadDirection.Forward;

    private static void Check(string where, Action check)
    {
        try
        {
            check();
        }
        catch (XunitException e)
        {
            throw new XunitException($"{where}: the engine disagrees with the reference model (below)", e);
        }
    }
}
