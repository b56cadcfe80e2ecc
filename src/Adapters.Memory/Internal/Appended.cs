// The outcome of applying an append to the memory store's engine: the next store value and the result.
namespace EventStore.Functional.Memory.Internal;

/// <summary>The next store value and the append's result.</summary>
/// <param name="Store">The store after the append (the same value for an idempotent retry).</param>
/// <param name="Result">What the append returns to its caller.</param>
internal sealed record Appended(StoreModel Store, AppendResult Result);
