// Writer process for the SQLite tests: appends batches to a database file and reports each commit on stdout.
// Usage: SqliteChild <database> <writer> <batches (0: until killed)> <max batch size> [<stream guid>]
using System.Globalization;
using EventStore.Functional;
using EventStore.Functional.Sqlite;
using EventStore.Functional.SqliteChild;

if (args.Length < 4)
{
    await Console.Error.WriteLineAsync("usage: SqliteChild <database> <writer> <batches> <max batch size> [<stream guid>]");
    return 2;
}

var (database, writer) = (args[0], args[1]);
var batches = int.Parse(args[2], CultureInfo.InvariantCulture);
var maxSize = int.Parse(args[3], CultureInfo.InvariantCulture);
Guid? shared = args.Length > 4 ? Guid.Parse(args[4]) : null;
var registry = new EventRegistry().Register<ChildAppended>();
await using var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = database, Registry = registry, BusyTimeout = TimeSpan.FromSeconds(30) });
await store.InitializeAsync();
Console.WriteLine("ready");

var random = new Random(writer.GetHashCode(StringComparison.Ordinal));
for (var batch = 0; batches == 0 || batch < batches; batch++)
{
    var size = random.Next(1, maxSize + 1);
    var events = Enumerable.Range(0, size).Select(i => new ChildAppended(writer, batch, i, size)).ToList();
    var stream = shared ?? Guid.NewGuid();
    var result = await store.AppendEventsAsync(stream, "Child", events, ExpectedVersion.Any);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok {batch} {size} {result.GlobalPosition}"));
}

return 0;
