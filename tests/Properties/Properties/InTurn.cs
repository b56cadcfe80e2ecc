// The reference answer for a group: its members applied to the reference model alone, one after the other.
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// The reference for a group: its members applied to the model alone, one after the other (<see cref="ReferenceModel.Append"/>),
/// each with the verdict <see cref="AppendDecider.Decide"/> gives it at its turn.
/// </summary>
/// <param name="Verdicts">Each member's verdict, decided on the model as the members before it left it.</param>
/// <param name="Results">Each member's answer from the model.</param>
/// <param name="LastPositions">The global position of each write's last event, in member order.</param>
/// <param name="Final">The model after the last member.</param>
internal sealed record InTurn(
    Seq<Either<AppendRejection, AppendDecision>> Verdicts, Seq<Either<AppendRejection, AppendResult>> Results, Seq<long> LastPositions, ReferenceModel Final)
{
    public static InTurn Apply(ReferenceModel store, Seq<AppendRequest> members, DateTimeOffset now)
    {
        var (verdicts, results, positions) = (new List<Either<AppendRejection, AppendDecision>>(), new List<Either<AppendRejection, AppendResult>>(), new List<long>());
        var model = store;
        foreach (var member in members)
        {
            verdicts.Add(AppendDecider.Decide(member, model.FactsFor(member), now));
            var appended = model.Append(member, now);
            results.Add(appended.Map(a => a.Result));
            var next = appended.Match(Right: a => a.Store, Left: _ => model);
            if (!ReferenceEquals(next, model))
            {
                positions.Add(next.GlobalPosition);
                model = next;
            }
        }

        return new(verdicts.ToSeq().Strict(), results.ToSeq().Strict(), positions.ToSeq().Strict(), model);
    }
}
