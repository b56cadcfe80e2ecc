// The aggregate type check (a character set, not a regex) against the SPEC's pattern, character by character.
using System.Text.RegularExpressions;

namespace EventStore.Functional.Tests.Core;

public sealed class StreamKeyTests
{
    private static readonly Regex Pattern = new(@"^[A-Za-z0-9_.-]{1,255}\z", RegexOptions.CultureInvariant);

    [Fact]
    public void An_aggregate_type_is_valid_exactly_when_it_matches_the_spec_pattern()
    {
        var candidates = Enumerable.Range(0, 0x300).Select(c => (char)c)
            .SelectMany(c => new[] { $"{c}", $"Task{c}", $"{c}Task", new string(c, 255), new string(c, 256) })
            .Append("\u212A") // the Kelvin sign, which a case-insensitive regex would take for a 'k'
            .Append("Task\n");

        foreach (var type in candidates)
        {
            var valid = Pattern.IsMatch(type);
            Assert.True(valid == Accepts(type), $"'{type}' (U+{(int)type[0]:X4}, length {type.Length}): the pattern says {valid}");
            Assert.True(valid == Parses($"6f1c2b1e-1234-4c1d-9a1b-0a1b2c3d4e5f:{type}"), $"stream id of '{type}'");
        }
    }

    private static bool Accepts(string type)
    {
        try
        {
            return StreamKey.ValidateAggregateType(type) == type;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Parses(string streamId)
    {
        try
        {
            return StreamKey.Parse(streamId).Id == streamId;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
