// Lets the test assembly reach the internal test hook (PostgresEventStoreOptions.AfterInsert).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
