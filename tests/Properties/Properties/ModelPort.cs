// The port a GroupCommit runs its sessions through, over the model store: a fresh yielding session per call.
using EventStore.Functional.Append;

namespace EventStore.Functional.Tests.Properties;

/// <summary>The <see cref="IAppendPort"/> of a group commit over a <see cref="ModelStore"/>: a fresh yielding session per call.</summary>
internal sealed class ModelPort(ModelStore store, bool checksAssumedFacts) : IAppendPort
{
    public Task<T> RunAsync<T>(Func<IAppendSession, Task<T>> body, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return body(new ModelSession(store, checksAssumedFacts, yields: true));
    }
}
