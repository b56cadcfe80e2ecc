// The core's adapter-only helpers (AsyncSequence, Time, ReadModel, Inspection, PositionKind, GroupCommit, the codec's
// store-side entry points) are internal: visible to the three adapters of this repository, the tests (the reference
// model in tests/Properties/Model uses them) and the benchmarks (the raw baselines stamp times as the stores do). An
// adapter outside this repository needs only the public SPI: IAppendSession, AppendFlow and AppendDecider
// (docs/writing-an-adapter.md).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
[assembly: InternalsVisibleTo("Benchmarks")]
[assembly: InternalsVisibleTo("EventStore.Functional.Memory")]
[assembly: InternalsVisibleTo("EventStore.Functional.Sqlite")]
[assembly: InternalsVisibleTo("EventStore.Functional.Postgres")]
