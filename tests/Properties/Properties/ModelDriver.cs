// Runs the append commands of a script against the pure ReferenceModel: the oracle of every property and backend.
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// Resolves symbolic commands into concrete <see cref="AppendCall"/>s (relative expected versions, reused ids) against
/// the current model, and applies them with <see cref="ReferenceModel.Append"/>, exactly as a store's facade would.
/// </summary>
internal sealed class ModelDriver(Pool pool)
{
    private readonly List<DomainEvent> _sent = [];
    private readonly Dictionary<string, List<DomainEvent>> _sentTo = [];
    private readonly System.Collections.Generic.HashSet<Guid> _sentIds = [];
    private readonly List<AppendCall> _calls = [];
    private int _tick;

    /// <summary>The registry of the test events (the one the fixtures' stores use by default).</summary>
    public static EventRegistry Registry { get; } = TestEvents.NewRegistry();

    public Pool Pool => pool;

    /// <summary>
    /// The model after the appends applied so far: what the next command resolves against and is applied to. Set it to
    /// an older value to branch (the driver still remembers every event sent, for reuse).
    /// </summary>
    public ReferenceModel Model { get; set; } = ReferenceModel.Empty;

    /// <summary>Every distinct event sent so far, in order of first sending.</summary>
    public IReadOnlyList<DomainEvent> Sent => _sent;

    /// <summary>Runs a whole history on a fresh model.</summary>
    public static (IReadOnlyList<Step> Steps, ReferenceModel Final) Run(Script script)
    {
        var driver = new ModelDriver(script.Pool);
        var steps = new List<Step>();
        for (var i = 0; i < script.Commands.Length; i++)
        {
            if (driver.Resolve(script.Commands[i]) is { } call)
            {
                var before = driver.Model;
                var outcome = driver.Apply(call);
                steps.Add(new Step(i, call, before, driver.Model, outcome));
            }
        }

        return (steps, driver.Model);
    }

    /// <summary>The concrete append a write command stands for now (null for reads, or when nothing can be sent yet).</summary>
    public AppendCall? Resolve(Command command) => command switch
    {
        Command.Append a => ResolveAppend(a),
        Command.Retry r => ResolveRetry(r),
        Command.Invalid i => ResolveInvalid(i),
        _ => null,
    };

    /// <summary>Applies an append to the model (as the facade and a store would) and returns what happened.</summary>
    public Outcome Apply(AppendCall call)
    {
        var now = Moment.Origin.AddHours(1).AddSeconds(++_tick);
        var built = Request(call);
        if (built.Case is not AppendRequest request)
        {
            return new Outcome.Rejected((Exception)built.Case);
        }

        var before = Model;
        var outcome = before.Append(request, now).Match<Outcome>(
            Right: a => ReferenceEquals(a.Store, before)
                ? new Outcome.Retried(a.Result)
                : new Outcome.Written(a.Result, a.Store, [.. a.Store.Log.Skip(before.Log.Count)]),
            Left: rejection => rejection switch
            {
                AppendRejection.Conflict c => new Outcome.Conflict(c.Error),
                _ => new Outcome.Rejected(rejection.ToException()), // the facade's DuplicateEventException
            });
        Model = outcome is Outcome.Written w ? w.Store : before;
        return outcome;
    }

    /// <summary>The request the facade builds for a call (Right), or the argument or registry error it throws instead (Left).</summary>
    public static Either<Exception, AppendRequest> Request(AppendCall call)
    {
        try
        {
            return AppendRequest.Create(call.Stream.AggregateId, call.Stream.AggregateType, call.Events, call.Expected, Registry);
        }
        catch (Exception e) when (e is ArgumentException or EventTypeNotRegisteredException)
        {
            return e;
        }
    }

    private AppendCall? ResolveAppend(Command.Append a)
    {
        var stream = pool.Stream(a.Stream);
        var batch = new List<DomainEvent>();
        foreach (var r in a.Events)
        {
            var e = r switch
            {
                EventRef.New { Stamped: true } n => n.Event with { AggregateId = stream.AggregateId, AggregateType = stream.AggregateType },
                EventRef.New n => n.Event,
                EventRef.Reuse { AnyStream: true } u => _sent.Count > 0 ? _sent[u.Index % _sent.Count] : null,
                EventRef.Reuse u => SentTo(stream) is { Count: > 0 } same ? same[u.Index % same.Count] : null,
                _ => null,
            };
            if (e is not null)
            {
                Remember(stream, e);
                batch.Add(FitTo(stream, e));
            }
        }

        if (batch.Count == 0)
        {
            return null;
        }

        var call = new AppendCall(stream, batch, a.Expected.Resolve(Model.VersionOf(stream)), a.Throwing);
        _calls.Add(call);
        return call;
    }

    // The same batch object as an earlier append (so the very same events are sent again), with a new expected version.
    private AppendCall? ResolveRetry(Command.Retry r)
    {
        if (_calls.Count == 0)
        {
            return null;
        }

        var earlier = _calls[r.Batch % _calls.Count];
        return earlier with { Expected = r.Expected.Resolve(Model.VersionOf(earlier.Stream)) };
    }

    private AppendCall ResolveInvalid(Command.Invalid i)
    {
        var stream = pool.Stream(i.Stream);
        var valid = FitTo(stream, i.Valid);
        var otherId = new Guid([.. i.Valid.EventId.ToByteArray().Reverse()]);
        DomainEvent bad = i.Kind switch
        {
            InvalidKind.ForeignAggregate => valid with { EventId = otherId, AggregateId = pool.Stream(i.Stream + 1).AggregateId },
            InvalidKind.ForeignType => valid with { EventId = otherId, AggregateType = stream.AggregateType == "Task" ? Pool.AggregateTypes[1] : "Task" },
            _ => new NotRegistered { EventId = otherId, OccurredAt = valid.OccurredAt },
        };
        return new AppendCall(stream, [valid, bad], ExpectedVersion.Any, Throwing: false);
    }

    // Events of a class with a default aggregate type ("Task") sent to another type of stream leave it blank to be
    // stamped. (An event sent earlier already stamped keeps its aggregate id: reusing it in another stream is invalid.)
    private static DomainEvent FitTo(StreamKey stream, DomainEvent e) =>
        e.AggregateType.Length != 0 && e.AggregateType != stream.AggregateType ? e with { AggregateType = "" } : e;

    private List<DomainEvent> SentTo(StreamKey stream) =>
        _sentTo.TryGetValue(stream.Id, out var list) ? list : _sentTo[stream.Id] = [];

    private void Remember(StreamKey stream, DomainEvent e)
    {
        if (_sentIds.Add(e.EventId))
        {
            _sent.Add(e);
        }

        var same = SentTo(stream);
        if (!same.Exists(x => x.EventId == e.EventId))
        {
            same.Add(e);
        }
    }
}
