// The outcome of applying an append to the pure store model: the next store value and the result.
namespace EventStore.Functional.Model;

/// <summary>The next store value and the append's result.</summary>
/// <param name="Store">The store after the append (the same value for an idempotent retry).</param>
/// <param name="Result">What the append returns to its caller.</param>
public sealed record Appended(StoreModel Store, AppendResult Result);
