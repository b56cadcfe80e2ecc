// The expected-version rule table of SPEC §3 rule 6, written out in the tests (not borrowed from ExpectedVersion).
namespace EventStore.Functional.Tests.Properties;

/// <summary>Whether an append expecting a version passes against a stream's current version.</summary>
public static class VersionRule
{
    /// <summary>Any passes; NoStream (= Exact(0)) needs an absent stream; StreamExists needs an event; Exact(n) needs version n.</summary>
    public static bool Passes(ExpectedVersion expected, long current)
    {
        if (expected == ExpectedVersion.Any)
        {
            return true;
        }

        if (expected == ExpectedVersion.StreamExists)
        {
            return current > 0;
        }

        return expected == ExpectedVersion.NoStream ? current == 0 : current == expected.Value;
    }
}
