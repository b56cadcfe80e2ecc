// How a command may use its store: read an existing one, write into an existing one, or create it.
namespace EventStore.Functional.Cli;

/// <summary>What a command needs of its store; only <see cref="Create"/> ever creates a file or schema.</summary>
internal enum StoreAccess
{
    /// <summary>The store must exist; nothing is written.</summary>
    Read,

    /// <summary>The store must exist (a mistyped path fails instead of starting a new store).</summary>
    Write,

    /// <summary>Create or upgrade the schema (<c>init</c>, or a writing command given <c>--create</c>).</summary>
    Create,
}
