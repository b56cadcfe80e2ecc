// Properties of stream projections: folding is a left fold, so it composes over concatenation.
using EventStore.Functional.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

public sealed class ProjectionProperties
{
    // An order-sensitive projection touching several event classes (a trail) and numbers (a balance).
    private static readonly Projection<Summary> Summarise = Projection.From(new Summary(Seq<string>.Empty, 0m, 0))
        .When<TaskCreated>((s, e) => s with { Trail = s.Trail.Add($"created {e.Title}") })
        .When<TaskCompleted>((s, e) => s with { Trail = s.Trail.Add("completed"), Completed = s.Completed + 1 })
        .When<Deposited>((s, e) => s with { Trail = s.Trail.Add($"{e.Amount} {e.Currency}"), Balance = (s.Balance * 2) + e.Amount });

    [StoreProperty(MaxTest = 1000)]
    public void Folding_a_concatenation_equals_folding_the_second_part_from_the_fold_of_the_first(DomainEvent[] a, DomainEvent[] b)
    {
        Assert.Equal(Summarise.Fold([.. a, .. b]), Summarise.Fold(Summarise.Fold(a), b));
    }

    [StoreProperty(MaxTest = 1000)]
    public void Folding_a_stream_equals_folding_its_events(DomainEvent[] events)
    {
        var stream = new EventStream(Guid.NewGuid(), "Task", events, events.Length);

        Assert.Equal(Summarise.Fold(events), Summarise.Fold(stream));
        Assert.Equal(events.Length == 0 ? Summarise.Initial : Summarise.Fold(Summarise.Fold(events[..^1]), [events[^1]]), Summarise.Fold(stream));
    }

    /// <summary>The projected state of <see cref="Summarise"/>.</summary>
    public sealed record Summary(Seq<string> Trail, decimal Balance, int Completed);
}
