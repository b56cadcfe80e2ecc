// The demo prints, line for line, what eventsource-py 0.5.0's own Tutorial 4 example prints (ids aside).
using System.Text.RegularExpressions;
using EventStore.Functional.Cli.Demo;
using EventStore.Functional.Memory;

namespace EventStore.Functional.Tests.Cli;

public sealed partial class DemoTranscriptTests
{
    // eventsource-py 0.5.0, Tutorial 4's example run: section details indented by 3 spaces, list lines by 5. The two
    // task ids are random there too: {task} is the first, {task2} the second.
    private const string Expected = """
        ============================================================
        Tutorial 4: Event Stores
        ============================================================

        1. Appending events
        ------------------------------------------------------------
           Success: True
           New version: 1
           Global position: 1

        2. Reading events
        ------------------------------------------------------------
           Aggregate ID: {task}
           Aggregate type: Task
           Version: 1
           Events:
             - v1: TaskCreated

        3. Appending another event
        ------------------------------------------------------------
           New version: 2

        4. Optimistic locking (conflict detection)
        ------------------------------------------------------------
           Conflict detected!
           Expected version: 1
           Actual version: 2

        5. Streaming events with read_stream()
        ------------------------------------------------------------
           Stream ID: {task}:Task
           Events:
             - Position 1: TaskCreated
             - Position 2: TaskCompleted

        6. Reading all events with read_all()
        ------------------------------------------------------------
           All events in global order:
             - Global pos 1: Task/TaskCreated
             - Global pos 2: Task/TaskCompleted
             - Global pos 3: Task/TaskCreated

        7. Reading with ReadOptions (backward, limited)
        ------------------------------------------------------------
           Last 2 events (newest first):
             - Global pos 3: TaskCreated
             - Global pos 2: TaskCompleted

        8. Get events by aggregate type
        ------------------------------------------------------------
           Total Task events: 3
             - TaskCreated for task {task}
             - TaskCompleted for task {task}
             - TaskCreated for task {task2}

        9. Event store metadata
        ------------------------------------------------------------
           Total events: 3
           Total aggregates: 2
           Current global position: 3

        ============================================================
        Tutorial complete!
        ============================================================
        """;

    [Fact]
    public async Task The_demo_prints_the_64_lines_of_the_tutorials_own_example_with_its_indentation()
    {
        await using var store = new InMemoryEventStore(TutorialDemo.Registry);
        var output = new StringWriter();

        await TutorialDemo.RunAsync(store, output);

        var ids = Guids().Matches(output.ToString()).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(2, ids.Count);
        var printed = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Replace(ids[0], "{task}", StringComparison.Ordinal).Replace(ids[1], "{task2}", StringComparison.Ordinal);
        var expected = Expected.ReplaceLineEndings("\n");
        Assert.Equal(64, expected.Split('\n').Length);
        Assert.Equal(expected.Split('\n'), printed.Split('\n'));
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();
}
