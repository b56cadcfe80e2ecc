// Lets the test assembly reach internal checks of the core (SharedIndex.EnsureRoom), and the adapters the codec's store-side entry points (EventCodec.DecodeStored, …).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
[assembly: InternalsVisibleTo("EventStore.Functional.Memory")]
[assembly: InternalsVisibleTo("EventStore.Functional.Sqlite")]
[assembly: InternalsVisibleTo("EventStore.Functional.Postgres")]
