// Lets the test assembly reach the reference model (Model.ReferenceModel), and the memory adapter the core's arrays
// (AppendRequest.Batch, AppendDecision.Write.Batch) that its engine stores without copying.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
[assembly: InternalsVisibleTo("EventStore.Functional.Memory")]
