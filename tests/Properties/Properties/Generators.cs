// The project's one FsCheck Generators class: valid events, expected versions, read options and whole scripts.
using System.Collections.Immutable;
using EventStore.Functional.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// Arbitrary instances for <see cref="StorePropertyAttribute"/>. Everything generated is a valid input (ids are fresh
/// GUIDs, aggregate types match the pattern, strings hold no NUL); scripts shrink by dropping commands and events.
/// </summary>
public static class Generators
{
    private const int MaxCommands = 40;

    /// <summary>Append-only histories across several streams: mixed expected versions, repeated ids, retries, invalid requests.</summary>
    public static Arbitrary<History> History() =>
        ScriptOf(AppendCommand).Convert(s => new History(s), h => h.Script);

    /// <summary>Append-only histories in which about one append in two extends an older value of the store: a branch.</summary>
    public static Arbitrary<BranchedHistory> BranchedHistory()
    {
        var back = Arb.From(Gen.Frequency([(3, Gen.Constant(0)), (2, Gen.Choose(1, 3)), (1, Gen.Choose(4, 12))]), b => b > 0 ? [0] : []);
        return Arb.Zip(ScriptOf(AppendCommand), Bounded(back)).Convert(t => new BranchedHistory(t.Item1, [.. t.Item2]), h => (h.Script, h.Backs.ToArray()));
    }

    /// <summary>
    /// A history, then a group of 1 to 8 appends: several streams (often one stream several times), repeats inside a
    /// batch, ids stored in the target stream or another, retries of stored batches and every kind of expected version,
    /// exact ones often right. About half the groups send only fresh ids.
    /// </summary>
    public static Arbitrary<GroupedHistory> GroupedHistory()
    {
        var freshOnly = Arb.From(Gen.Elements(false, true), f => f ? [] : [true]);
        return Arb.Zip(ScriptOf(AppendCommand), Arb.Zip(Sized(Arb.From(MemberCommand, ShrinkCommand), 1, 8), freshOnly)).Convert(
            t => new GroupedHistory(t.Item1, [.. t.Item2.Item1], t.Item2.Item2),
            g => (g.History, (g.Members.ToArray(), g.FreshOnly)));
    }

    /// <summary>A history, then 1 to 24 appends of the kinds of <see cref="GroupedHistory()"/> to send at once, and 1 to 4 writers.</summary>
    public static Arbitrary<ConcurrentHistory> ConcurrentHistory()
    {
        var writers = Arb.From(Gen.Choose(1, 4), w => w > 1 ? [1] : []);
        return Arb.Zip(ScriptOf(AppendCommand), Arb.Zip(Sized(Arb.From(MemberCommand, ShrinkCommand), 1, 24), writers)).Convert(
            t => new ConcurrentHistory(t.Item1, [.. t.Item2.Item1], t.Item2.Item2),
            c => (c.History, (c.Appends.ToArray(), c.Writers)));
    }

    /// <summary>Appends interleaved with every kind of read.</summary>
    public static Arbitrary<Session> Session() =>
        ScriptOf(Gen.Frequency([
            (14, AppendCommand),
            (2, GetEventsCommand),
            (2, ReadSpecGen.Zip(Gen.Choose(0, 3), (o, s) => (Command)new Command.ReadStream(s, o))),
            (3, ReadSpecGen.Select(o => (Command)new Command.ReadAll(o))),
            (1, from t in Gen.Choose(0, 2) from tenant in Optional(Gen.Choose(0, 1)) from m in Optional(MomentGen)
                select (Command)new Command.ByType(t, tenant, m)),
            (1, from k in Gen.Choose(0, 50) from u in Gen.Frequency([(3, Gen.Constant<Guid?>(null)), (1, FreshId.Select(g => (Guid?)g))])
                select (Command)new Command.Exists(k, u)),
            (1, Gen.Choose(0, 3).Select(s => (Command)new Command.StreamVersion(s))),
            (1, Gen.Constant((Command)new Command.GlobalPosition())),
        ])).Convert(s => new Session(s), s => s.Script);

    /// <summary>A valid event of any registered test class, with every envelope field generated.</summary>
    public static Arbitrary<DomainEvent> Event() => EventGen.ToArbitrary();

    /// <summary>Read options over small positions and the time grid.</summary>
    public static Arbitrary<ReadSpec> ReadSpec() => Arb.From(ReadSpecGen, ShrinkReadSpec);

    /// <summary>A stream version and an expected version that is often close to it.</summary>
    public static Arbitrary<VersionCase> VersionCase() => Arb.From(
        from current in Gen.Choose(0, 6)
        from expected in Gen.OneOf([
            Gen.Elements(ExpectedVersion.Any, ExpectedVersion.NoStream, ExpectedVersion.StreamExists),
            Gen.Elements(current, current + 1, Math.Max(0, current - 1)).Select(n => ExpectedVersion.Exact(n)),
            Gen.Choose(0, 8).Select(n => ExpectedVersion.Exact(n)),
        ])
        select new VersionCase(current, expected),
        c => c.Current > 0 ? [c with { Current = c.Current - 1 }] : []);

    /// <summary>A small page size.</summary>
    public static Arbitrary<PageSize> PageSize() => Arb.From(Gen.Choose(1, 6).Select(n => new PageSize(n)), p => p.Value > 1 ? [new PageSize(1)] : []);

    private static Gen<Guid> FreshId => Gen.Fresh(Guid.NewGuid);

    private static Arbitrary<Script> ScriptOf(Gen<Command> command)
    {
        var pool = Gen.Fresh(Pool.CreateFresh).ToArbitrary();
        return Arb.Zip(pool, Bounded(Arb.From(command, ShrinkCommand))).Convert(t => new Script(t.Item1, [.. t.Item2]), s => (s.Pool, s.Commands.ToArray()));
    }

    // Arrays of at most MaxCommands elements, shrinking as arrays do (dropping elements, then shrinking them).
    private static Arbitrary<T[]> Bounded<T>(Arbitrary<T> element)
    {
        var array = Arb.Array(element);
        return Arb.From(array.Generator.ScaleSize(s => Math.Min(s, MaxCommands)), array.Shrinker);
    }

    // Arrays of min to max elements whatever the size (a group is worth testing from the first case), shrinking as arrays do.
    private static Arbitrary<T[]> Sized<T>(Arbitrary<T> element, int min, int max) =>
        Arb.From(Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(element.Generator, n)), Arb.Array(element).Shrinker);

    private static Gen<Command> AppendCommand => Gen.Frequency([
        (10, from stream in Gen.Choose(0, 3)
             from expect in ExpectGen
             from size in Gen.Frequency([(8, Gen.Choose(1, 3)), (2, Gen.Choose(4, 8))])
             from refs in Gen.ArrayOf(EventRefGen, size)
             from throwing in Gen.Elements(false, true)
             select (Command)new Command.Append(stream, expect, [.. refs], throwing)),
        (3, from batch in Gen.Choose(0, 20) from expect in ExpectGen select (Command)new Command.Retry(batch, expect)),
        (1, from stream in Gen.Choose(0, 3)
            from kind in Gen.Elements(InvalidKind.ForeignAggregate, InvalidKind.ForeignType, InvalidKind.Unregistered)
            from e in EventGen
            select (Command)new Command.Invalid(stream, kind, e)),
    ]);

    // An append of a group or of a concurrent run: small batches, and expectations more often exact than in a history.
    private static Gen<Command> MemberCommand => Gen.Frequency([
        (8, from stream in Gen.Choose(0, 3)
            from expect in MemberExpectGen
            from size in Gen.Frequency([(6, Gen.Choose(1, 2)), (2, Gen.Choose(3, 5))])
            from refs in Gen.ArrayOf(EventRefGen, size)
            select (Command)new Command.Append(stream, expect, [.. refs], Throwing: false)),
        (1, from batch in Gen.Choose(0, 40) from expect in MemberExpectGen select (Command)new Command.Retry(batch, expect)),
    ]);

    private static Gen<Expect> MemberExpectGen => Gen.Frequency([
        (2, Gen.Constant(Expect.Any)),
        (1, Gen.Constant(new Expect(ExpectKind.NoStream))),
        (1, Gen.Constant(new Expect(ExpectKind.StreamExists))),
        (1, Gen.Choose(0, 6).Select(n => new Expect(ExpectKind.Exact, n))),
        (6, Gen.Frequency([(6, Gen.Constant(0)), (1, Gen.Constant(-1)), (1, Gen.Constant(1))]).Select(n => new Expect(ExpectKind.Relative, n))),
    ]);

    private static Gen<Command> GetEventsCommand =>
        from stream in Gen.Choose(0, 3)
        from fromVersion in Gen.Frequency([(3, Gen.Constant(0)), (2, Gen.Choose(1, 8))])
        from start in Optional(MomentGen)
        from end in Optional(MomentGen)
        select (Command)new Command.GetEvents(stream, fromVersion, start, end);

    private static Gen<Expect> ExpectGen => Gen.Frequency([
        (3, Gen.Constant(Expect.Any)),
        (1, Gen.Constant(new Expect(ExpectKind.NoStream))),
        (1, Gen.Constant(new Expect(ExpectKind.StreamExists))),
        (1, Gen.Choose(0, 6).Select(n => new Expect(ExpectKind.Exact, n))),
        (4, Gen.Frequency([(4, Gen.Constant(0)), (1, Gen.Constant(-1)), (1, Gen.Constant(1))]).Select(n => new Expect(ExpectKind.Relative, n))),
    ]);

    private static Gen<EventRef> EventRefGen => Gen.Frequency([
        (14, EventGen.Zip(Gen.Frequency([(4, Gen.Constant(false)), (1, Gen.Constant(true))]), (e, stamped) => (EventRef)new EventRef.New(e, stamped))),
        (4, Gen.Choose(0, 30).Select(i => (EventRef)new EventRef.Reuse(i, AnyStream: false))),
        (1, Gen.Choose(0, 30).Select(i => (EventRef)new EventRef.Reuse(i, AnyStream: true))),
    ]);

    private static Gen<DomainEvent> EventGen =>
        from kind in Gen.Choose(0, 3)
        from text in TextGen
        from amount in Gen.Choose(-100_000, 100_000).Select(n => n / 100m)
        from tagCount in Gen.Choose(0, 2)
        from tags in Gen.ArrayOf(TextGen, tagCount)
        from assignee in FreshId
        from envelope in EnvelopeGen
        select envelope(kind switch
        {
            0 => new TaskCreated { Title = text },
            1 => new TaskCompleted(),
            2 => new TaskReassigned { NewAssignee = assignee },
            _ => new Deposited(amount, text.Length % 2 == 0 ? "EUR" : "JPY") { Tags = [.. tags] },
        });

    // The envelope fields every event has; applied with `with` so each class keeps its own payload.
    private static Gen<Func<DomainEvent, DomainEvent>> EnvelopeGen =>
        from id in FreshId
        from at in MomentGen
        from tenant in Optional(Gen.Choose(0, 1))
        from actor in Gen.Frequency([(2, Gen.Constant<string?>(null)), (1, TextGen.Select(t => (string?)t))])
        from correlation in FreshId
        from causation in Gen.Frequency([(2, Gen.Constant<Guid?>(null)), (1, FreshId.Select(g => (Guid?)g))])
        from version in Gen.Frequency([(4, Gen.Constant(1)), (1, Gen.Choose(2, 5))])
        from metadata in Gen.Frequency([(2, Gen.Constant(0)), (1, Gen.Choose(1, 3))]).SelectMany(n => Gen.ArrayOf(MetadataEntry, n))
        select (Func<DomainEvent, DomainEvent>)(e => e with
        {
            EventId = id,
            OccurredAt = at.Value,
            TenantId = tenant is int t ? Pool.Tenants[t] : null,
            ActorId = actor,
            CorrelationId = correlation,
            CausationId = causation,
            EventVersion = version,
            Metadata = metadata.DistinctBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value),
        });

    private static Gen<KeyValuePair<string, string>> MetadataEntry =>
        Gen.Elements("source", "trace-id", "ключ", "user.agent").Zip(TextGen, (k, v) => KeyValuePair.Create(k, v));

    private static Gen<Moment> MomentGen =>
        from minute in Gen.Choose(0, 10)
        from ticks in Gen.Frequency([(6, Gen.Constant(0L)), (2, Gen.Choose(1, 9).Select(t => (long)t)), (2, Gen.Choose(0, 59_999_999).Select(t => (long)t))])
        from offset in Gen.Frequency([(8, Gen.Constant(0)), (1, Gen.Constant(330)), (1, Gen.Constant(-180))])
        select new Moment(minute, ticks, offset);

    // Text without NUL (PostgreSQL's jsonb refuses \u0000), with quotes, escapes, accents, CJK and a surrogate pair.
    private static Gen<string> TextGen =>
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "Z", "7", " ", "\"", "\\", "'", "é", "日", "🎉", "\n", "<&>"), n))
            .Select(parts => string.Concat(parts));

    private static Gen<ReadSpec> ReadSpecGen =>
        from direction in Gen.Elements(ReadDirection.Forward, ReadDirection.Backward)
        from fromPosition in Gen.Frequency([(3, Gen.Constant(0L)), (2, Gen.Choose(1, 12).Select(n => (long)n))])
        from limit in Gen.Frequency([(2, Gen.Constant<int?>(null)), (2, Gen.Choose(0, 5).Select(n => (int?)n))])
        from start in Optional(MomentGen, 3)
        from end in Optional(MomentGen, 3)
        from tenant in Optional(Gen.Choose(0, 1), 3)
        from type in Optional(Gen.Choose(0, 2), 3)
        select new ReadSpec(direction, fromPosition, limit, start, end, tenant, type);

    private static Gen<T?> Optional<T>(Gen<T> gen, int noneWeight = 2) where T : struct =>
        Gen.Frequency([(noneWeight, Gen.Constant<T?>(null)), (1, gen.Select(v => (T?)v))]);

    private static IEnumerable<ReadSpec> ShrinkReadSpec(ReadSpec o)
    {
        if (o.Direction != ReadDirection.Forward) yield return o with { Direction = ReadDirection.Forward };
        if (o.FromPosition != 0) yield return o with { FromPosition = 0 };
        if (o.Limit is not null) yield return o with { Limit = null };
        if (o.From is not null) yield return o with { From = null };
        if (o.To is not null) yield return o with { To = null };
        if (o.Tenant is not null) yield return o with { Tenant = null };
        if (o.AggregateType is not null) yield return o with { AggregateType = null };
    }

    private static IEnumerable<Command> ShrinkCommand(Command command) => command switch
    {
        Command.Append a => ShrinkAppend(a),
        Command.Retry { Expected.Kind: not ExpectKind.Any } r => [r with { Expected = Expect.Any }],
        Command.ReadStream r => ShrinkReadSpec(r.Options).Select(o => r with { Options = o }),
        Command.ReadAll r => ShrinkReadSpec(r.Options).Select(o => r with { Options = o }),
        Command.GetEvents g when g != g with { FromVersion = 0, From = null, To = null } => [g with { FromVersion = 0, From = null, To = null }],
        Command.ByType b when b.Tenant is not null || b.From is not null => [b with { Tenant = null, From = null }],
        _ => [],
    };

    private static IEnumerable<Command> ShrinkAppend(Command.Append a)
    {
        for (var i = 0; a.Events.Length > 1 && i < a.Events.Length; i++)
        {
            yield return a with { Events = a.Events.RemoveAt(i) };
        }

        if (a.Expected.Kind != ExpectKind.Any) yield return a with { Expected = Expect.Any };
        if (a.Throwing) yield return a with { Throwing = false };
    }
}
