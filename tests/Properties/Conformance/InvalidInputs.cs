// Theory data shared by the bad-input tests: aggregate types and stream ids the SPEC rejects.
namespace EventStore.Functional.Tests.Conformance;

public static class InvalidInputs
{
    /// <summary>Aggregate types outside <c>^[A-Za-z0-9_.-]{1,255}$</c> (null included).</summary>
    public static TheoryData<string?> AggregateTypes => new()
    {
        null,
        "",
        " ",
        "Bad Type",
        "Task:Sub",
        "Tâche",
        "a/b",
        "Task\n",
        new string('a', 256),
    };

    /// <summary>Aggregate types at the edges of the pattern that must be accepted.</summary>
    public static TheoryData<string> ValidAggregateTypes => new()
    {
        "a",
        "Z",
        "0",
        "My.Type_v2-x",
        new string('a', 255),
    };

    /// <summary>Strings that are not <c>"{aggregateId:D}:{aggregateType}"</c>.</summary>
    public static TheoryData<string> StreamIds => new()
    {
        "",
        "nonsense",
        "Task",
        ":Task",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:Bad Type",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:Task:Sub",
        "6f1c2b1e12344c1d9a1b0a1b2c3d4e5f:Task",
        "{6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f}:Task",
        "not-a-guid:Task",
        "00000000-0000-0000-0000-000000000000:Task",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:" + new string('a', 256),
        " 6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:Task",
        "\t6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:Task",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f :Task",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f: Task",
        "6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:Task ",
    };
}
