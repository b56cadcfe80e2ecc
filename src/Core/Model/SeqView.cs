// A read-only list view of a strict LanguageExt Seq, so the pure read model can index it without copying.
using System.Collections;
using LanguageExt;

namespace EventStore.Functional.Model;

/// <summary>Exposes a strict <see cref="Seq{A}"/> as an <see cref="IReadOnlyList{T}"/> (O(1) indexing, no copy).</summary>
internal sealed class SeqView<T>(Seq<T> seq) : IReadOnlyList<T>
{
    public T this[int index] => seq[index];

    public int Count => seq.Count;

    public IEnumerator<T> GetEnumerator() => seq.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
