// A generated (current stream version, expected version) pair for the expected-version rule table.
namespace EventStore.Functional.Tests.Properties;

/// <summary>A stream at <paramref name="Current"/> and an append expecting <paramref name="Expected"/>.</summary>
public readonly record struct VersionCase(long Current, ExpectedVersion Expected);
