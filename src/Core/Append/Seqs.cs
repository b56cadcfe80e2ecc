// A Seq over an array the core has just made and never changes, without the copy Prelude.toSeq makes.
using System.Reflection;
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>
/// <see cref="Seq{A}"/>s over arrays the core owns. <c>array.ToSeq()</c> copies its array (LanguageExt keeps no
/// reference to a caller's array); the request's batch and a decision's positioned events are arrays the core has just
/// made and never changes, and that second copy measured as a loss on 100-event memory appends (the closing note of issue 19).
/// LanguageExt 4's own no-copy constructor (<c>Seq.FromArray</c>) is internal, so it is bound once here; should a later
/// LanguageExt version not have it, the copying <c>ToSeq</c> is used instead (the same value, one copy more).
/// </summary>
internal static class Seqs
{
    /// <summary>A <see cref="Seq{A}"/> of <paramref name="array"/>'s elements; the caller hands the array over and never changes it again.</summary>
    public static Seq<A> Own<A>(A[] array) => Binder<A>.Own(array);

    private static class Binder<A>
    {
        public static readonly Func<A[], Seq<A>> Own = Bind();

        private static Func<A[], Seq<A>> Bind()
        {
            var method = typeof(Seq).GetMethod("FromArray", BindingFlags.NonPublic | BindingFlags.Static, [Type.MakeGenericMethodParameter(0).MakeArrayType()]);
            return method?.MakeGenericMethod(typeof(A)) is { ReturnType: var r } m && r == typeof(Seq<A>)
                ? m.CreateDelegate<Func<A[], Seq<A>>>()
                : static array => array.ToSeq();
        }
    }
}
