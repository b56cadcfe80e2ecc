// The scenario names of issue 6, shared by the suites, the report and the target checks.
namespace EventStore.Functional.Benchmarks;

public static class Scenarios
{
    public const string HotStream = "append 1 event to one hot stream (Any), 16 writers";
    public const string GetEvents = "GetEventsAsync of a 100-event stream";
    public const string Exists = "EventExistsAsync";
    public const string GrowthAppend = "growth: append 1-event batches, 1 writer";
    public const string GrowthGetEvents = "growth: GetEventsAsync of a 100-event stream";

    /// <summary>The subject names of the growth scenarios.</summary>
    public const string Large = "store holding the large data set";
    public const string Empty = "empty store";

    public static string Append(int size, int writers) => $"append {size}-event batches, {writers} writer{(writers > 1 ? "s" : "")}";

    public static string ReadAll(int events) => $"ReadAllAsync over {events:N0} events";
}
