// Factory for projections built handler by handler.
namespace EventStore.Functional;

/// <summary>Factory for <see cref="Projection{TState}"/>.</summary>
public static class Projection
{
    /// <summary>A projection that ignores every event until handlers are added with <see cref="Projection{TState}.When{TEvent}"/>.</summary>
    public static Projection<TState> From<TState>(TState initial) => new(initial, static (s, _) => s);
}
