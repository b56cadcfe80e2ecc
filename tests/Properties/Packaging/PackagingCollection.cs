// The collection of the packaging tests: alone, so their pack and builds neither slow nor are slowed by the other tests.
namespace EventStore.Functional.Tests.Packaging;

/// <summary>
/// Runs alone: packing and building fresh projects keeps a small machine's cores busy for a minute or two, which would
/// otherwise stretch the timeouts of the tests running beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PackagingTests";
}
