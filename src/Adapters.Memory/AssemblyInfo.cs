// Lets the test assembly check the memory store's engine (Internal.StoreModel) against the reference model.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Properties")]
