// One append of a history run on the model, with the model before and after it.
using EventStore.Functional.Model;

namespace EventStore.Functional.Tests.Properties;

/// <summary>The append of command number <paramref name="Index"/>, the model before and after, and the outcome.</summary>
internal sealed record Step(int Index, AppendCall Call, ReferenceModel Before, ReferenceModel After, Outcome Outcome);
