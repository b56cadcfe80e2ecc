// The project's FsCheck property attribute: our Generators, a moderate test count, quiet when green.
using FsCheck.Xunit;

namespace EventStore.Functional.Tests.Properties;

/// <summary>An FsCheck property using <see cref="Generators"/>; 100 cases unless <c>MaxTest</c> says otherwise.</summary>
public sealed class StorePropertyAttribute : PropertyAttribute
{
    public StorePropertyAttribute()
    {
        Arbitrary = [typeof(Generators)];
        MaxTest = 100;
        QuietOnSuccess = true;
    }
}
