// The model-based property, generic over backends: a generated session of appends and reads must give the same
// results on a real store as on the pure model.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// Subclass once per backend: <c>public sealed class XModelProperties(XFixture f) : ModelBasedProperties&lt;XFixture&gt;(f);</c>.
/// Each generated case runs on a fresh store from the fixture. A slow backend lowers the number of cases by overriding
/// the property with its own attribute:
/// <c>[StoreProperty(MaxTest = 20)] public override Task Every_append_and_read_agrees_with_the_model(Session s) => base.Every_append_and_read_agrees_with_the_model(s);</c>
/// </summary>
public abstract class ModelBasedProperties<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StoreFixture
{
    protected TFixture Fixture { get; } = fixture;

    [StoreProperty(MaxTest = 40)]
    public virtual async Task Every_append_and_read_agrees_with_the_model(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var store = await Fixture.CreateStoreAsync();
        await new StoreAgreement(store, session.Script.Pool, Fixture.DenseGlobalPositions).RunAsync(session.Script.Commands);
    }
}
