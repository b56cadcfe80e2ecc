// Lets the test assembly reach internal checks of the core (SharedIndex.EnsureRoom).
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
