// Lets the test assembly reach the internal test hooks (PostgresEventStoreOptions.AfterInsert, ReadChunkRows).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
