// Several processes on one SQLite file: a writer killed with SIGKILL mid-append, and two writers racing with Any.
using EventStore.Functional.SqliteChild;

namespace EventStore.Functional.Tests.Sqlite;

public sealed class SqliteProcessTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_writer_killed_mid_append_leaves_each_batch_wholly_present_or_absent_and_the_file_still_accepts_appends()
    {
        var path = fixture.NewDatabasePath();
        var reported = new List<ChildCommit>();
        for (var round = 0; round < 3; round++)
        {
            await using var child = ChildWriter.Start(path, $"w{round}", batches: 0, maxSize: 400);
            await child.WaitForCommitsAsync(4 + (2 * round), Patience);
            await Task.Delay(Random.Shared.Next(0, 40));
            await child.KillAsync();
            reported.AddRange(child.Commits);
        }

        await using var store = await SqliteFixture.OpenAsync(fixture.Options(path, ChildRegistry()));
        var events = await ReadAllAsync(store);
        AssertDense(events);
        var batches = events.GroupBy(e => (e.Child.Writer, e.Child.Batch)).ToList();
        foreach (var batch in batches)
        {
            var first = batch.First();
            Assert.Equal(first.Child.Size, batch.Count());
            Assert.Equal(Enumerable.Range(0, first.Child.Size), batch.Select(e => e.Child.Index));
            Assert.Equal(Enumerable.Range(0, first.Child.Size).Select(i => first.Stored.GlobalPosition + i), batch.Select(e => e.Stored.GlobalPosition));
        }

        // Every commit a writer reported before it was killed survived, at the position it reported.
        foreach (var commit in reported)
        {
            var batch = Assert.Single(batches, b => b.Key == (commit.Writer, commit.Batch));
            Assert.Equal(commit.LastPosition, batch.Last().Stored.GlobalPosition);
        }

        var after = await store.AppendEventsAsync(Guid.NewGuid(), "Child", [new ChildAppended("after", 0, 0, 1)], ExpectedVersion.NoStream);
        Assert.Equal(events.Count + 1, after.GlobalPosition);
    }

    [Fact]
    public async Task Two_processes_appending_to_one_stream_with_Any_lose_and_duplicate_nothing()
    {
        var path = fixture.NewDatabasePath();
        var stream = Guid.NewGuid();
        await using var a = ChildWriter.Start(path, "A", batches: 60, maxSize: 12, stream);
        await using var b = ChildWriter.Start(path, "B", batches: 60, maxSize: 12, stream);
        await Task.WhenAll(a.WaitForSuccessAsync(Patience), b.WaitForSuccessAsync(Patience));

        await using var store = await SqliteFixture.OpenAsync(fixture.Options(path, ChildRegistry()));
        var events = await ReadAllAsync(store);
        var expected = a.Commits.Concat(b.Commits).Sum(c => c.Size);
        Assert.Equal(expected, events.Count);
        AssertDense(events);
        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), events.Select(e => e.Stored.StreamPosition));
        Assert.Equal(expected, await store.GetStreamVersionAsync(stream, "Child"));
        foreach (var writer in new[] { a, b })
        {
            var mine = events.Where(e => e.Child.Writer == writer.Writer).ToList();
            Assert.Equal(writer.Commits.Sum(c => c.Size), mine.Select(e => (e.Child.Batch, e.Child.Index)).Distinct().Count());
            foreach (var commit in writer.Commits)
            {
                // Each batch is contiguous in the stream: appends are atomic and serialised across processes.
                var positions = mine.Where(e => e.Child.Batch == commit.Batch).Select(e => e.Stored.GlobalPosition).ToList();
                Assert.Equal(Enumerable.Range(0, commit.Size).Select(i => commit.LastPosition - commit.Size + 1 + i), positions);
            }
        }
    }

    private static EventRegistry ChildRegistry() => new EventRegistry().Register<ChildAppended>();

    private static async Task<List<(StoredEvent Stored, ChildAppended Child)>> ReadAllAsync(IEventStore store)
    {
        var events = new List<(StoredEvent, ChildAppended)>();
        await foreach (var stored in store.ReadAllAsync())
        {
            events.Add((stored, Assert.IsType<ChildAppended>(stored.Event)));
        }

        return events;
    }

    private static void AssertDense(List<(StoredEvent Stored, ChildAppended Child)> events) =>
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Stored.GlobalPosition));
}
