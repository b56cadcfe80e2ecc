// Lets the test assembly reach the core's internals (its reference model in tests/Properties/Model uses them), the memory adapter the core's arrays
// (AppendRequest.Batch, AppendDecision.Write.Batch) that its engine stores without copying, and the SQL adapters the
// codec's store-side entry points (EventCodec.DecodeStored, …).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
[assembly: InternalsVisibleTo("EventStore.Functional.Memory")]
[assembly: InternalsVisibleTo("EventStore.Functional.Sqlite")]
[assembly: InternalsVisibleTo("EventStore.Functional.Postgres")]
