// Codec edges a store relies on: a lone surrogate after a valid pair, envelope names compared as the options compare names, non-object raw data.
using System.Text.Json;
using EventStore.Functional.Codec;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Core;

public sealed class CodecEdgeTests
{
    [Fact]
    public void A_lone_surrogate_after_a_valid_pair_is_refused()
    {
        // Built in code: an attribute's string argument would turn a lone surrogate into U+FFFD in the assembly's metadata.
        string[] titles = ["\uD83D\uDE00\uD800", "\uD83D\uDE00\uDC00", "x\uD83D\uDE00y\uD800", "\uD83D\uDE00\uD83D\uDE01\uDC00z"];

        foreach (var title in titles)
        {
            var ex = Assert.Throws<ArgumentException>(() => EventCodec.Encode(new TaskCreated { Title = title }));
            Assert.Contains("lone UTF-16 surrogate", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Valid_pairs_alone_are_written_and_read_back()
    {
        var e = new TaskCreated { Title = "\uD83D\uDE00\uD83D\uDE01" };
        Assert.Equal(e.Title, Assert.IsType<TaskCreated>(EventCodec.Decode("TaskCreated", EventCodec.Encode(e), TestEvents.NewRegistry())).Title);
    }

    [Fact]
    public void An_envelope_name_in_raw_data_collides_as_the_options_compare_names_on_reads()
    {
        var raw = RawEvent.FromJson("Note", """{"TenantID":"x"}""");
        var caseSensitive = new JsonSerializerOptions(EventCodec.Options) { PropertyNameCaseInsensitive = false };

        Assert.Equal(("TenantID", "TenantId"), EventCodec.DefaultRules.EnvelopeCollision(raw)); // web defaults read names case-insensitively
        Assert.Null(new PayloadRules(caseSensitive).EnvelopeCollision(raw));
        Assert.Equal(("tenantId", "TenantId"), new PayloadRules(caseSensitive).EnvelopeCollision(RawEvent.FromJson("Note", """{"tenantId":"x"}""")));
    }

    [Theory]
    [InlineData("[1]", "an array")]
    [InlineData("\"s\"", "a string")]
    [InlineData("1", "a number")]
    [InlineData("true", "a boolean")]
    [InlineData("null", "null")]
    public void Raw_data_that_is_not_an_object_is_refused_naming_what_it_is(string json, string kind)
    {
        var ex = Assert.Throws<ArgumentException>(() => RawEvent.FromJson("Note", json));
        Assert.Equal("jsonObject", ex.ParamName);
        Assert.Contains($"not {kind}.", ex.Message, StringComparison.Ordinal);
    }
}
