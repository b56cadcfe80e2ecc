// Seqs.Own binds LanguageExt's internal no-copy constructor; if a LanguageExt upgrade drops it, this says so.
using EventStore.Functional.Append;

namespace EventStore.Functional.Tests.Core;

public sealed class SeqsTests
{
    [Fact]
    public void Own_wraps_the_array_it_is_handed_without_copying_it()
    {
        var array = new[] { 1, 2, 3 };
        var seq = Seqs.Own(array);
        Assert.Equal(new[] { 1, 2, 3 }, seq);

        array[1] = 20; // never done by the core: only here, to see that the Seq reads the same array
        Assert.Equal(new[] { 1, 20, 3 }, seq);
    }
}
