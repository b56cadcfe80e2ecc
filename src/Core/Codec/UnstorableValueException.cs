// A value the codec refuses to write (a lone surrogate, a NaN): a JsonException, so the serializer adds the value's path.
using System.Text.Json;

namespace EventStore.Functional.Codec;

/// <summary>Thrown inside the codec's serialization at a value JSON cannot carry; <see cref="PayloadRules"/> turns it into an <see cref="ArgumentException"/>.</summary>
internal sealed class UnstorableValueException(string kind, string problem) : JsonException(problem)
{
    /// <summary>What the value is ("string", "number").</summary>
    public string Kind { get; } = kind;
}
