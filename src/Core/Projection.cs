// Stream projections: an initial state and an evolve function, folded over events.
namespace EventStore.Functional;

/// <summary>
/// A projection of events onto a state: <see cref="Initial"/> and a pure <see cref="Evolve"/>.
/// Folding <c>a ++ b</c> equals folding <c>b</c> from the fold of <c>a</c>.
/// </summary>
/// <typeparam name="TState">The projected state (ideally immutable).</typeparam>
/// <param name="Initial">The state before any event.</param>
/// <param name="Evolve">The next state after one event.</param>
public sealed record Projection<TState>(TState Initial, Func<TState, DomainEvent, TState> Evolve)
{
    /// <summary>Folds events from <see cref="Initial"/>.</summary>
    public TState Fold(IEnumerable<DomainEvent> events) => Fold(Initial, events);

    /// <summary>Folds a stream's events from <see cref="Initial"/>.</summary>
    public TState Fold(EventStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Fold(Initial, stream.Events);
    }

    /// <summary>Folds events from a given state (to continue a projection).</summary>
    public TState Fold(TState state, IEnumerable<DomainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var s = state;
        foreach (var e in events)
        {
            s = Evolve(s, e);
        }

        return s;
    }

    /// <summary>A projection that also handles <typeparamref name="TEvent"/> with <paramref name="handler"/> (other events pass through as before).</summary>
    public Projection<TState> When<TEvent>(Func<TState, TEvent, TState> handler) where TEvent : DomainEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        var previous = Evolve;
        return this with { Evolve = (s, e) => e is TEvent t ? handler(previous(s, e), t) : previous(s, e) };
    }
}
