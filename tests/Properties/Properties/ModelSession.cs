// One session over the model store for AppendFlow: loads and writes, optionally yielding and refuting its first writes.
using EventStore.Functional.Append;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// An <see cref="IAppendSession"/> over a <see cref="ModelStore"/>: no transaction (the basis check at write time stands
/// for the locks). It refutes its first <paramref name="refuteFirst"/> writes whatever the facts, and when
/// <paramref name="yields"/> it yields before every load and write, so that other appends arrive meanwhile.
/// </summary>
internal sealed class ModelSession(ModelStore store, bool checksAssumedFacts, int refuteFirst = 0, bool yields = false) : IAppendSession
{
    public bool ChecksAssumedFacts => checksAssumedFacts;

    /// <summary>How many times facts were loaded.</summary>
    public int Loads { get; private set; }

    /// <summary>How many writes were tried.</summary>
    public int Writes { get; private set; }

    public async Task<GroupFacts> LoadFactsAsync(Seq<AppendRequest> members, CancellationToken ct)
    {
        if (yields)
        {
            await Task.Yield();
        }

        ct.ThrowIfCancellationRequested();
        Loads++;
        return store.Load(members);
    }

    public async Task<WriteOutcome> TryWriteAsync(GroupDecision decision, CancellationToken ct)
    {
        if (yields)
        {
            await Task.Yield();
        }

        ct.ThrowIfCancellationRequested();
        return ++Writes <= refuteFirst ? WriteOutcome.Refuted : store.TryWrite(decision);
    }
}
