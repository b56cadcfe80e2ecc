// Conformance: a store disposes synchronously as well as asynchronously (a DI container's Dispose), and is closed after either.
using EventStore.Functional.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EventStore.Functional.Tests.Conformance;

public abstract class DisposalConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task A_DI_container_disposed_synchronously_disposes_the_store_it_created()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_ => Store); // a factory registration: the container owns and disposes the store
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IEventStore>();
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated { Title = "opened its connections" });
        Assert.Single(await ReadAllListAsync(store: store));

        provider.Dispose();

        await AssertClosedAsync(store, id);
    }

    [Fact]
    public async Task A_store_disposed_synchronously_refuses_every_call_with_EventStoreClosedException()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated { Title = "before" });
        Assert.Single(await ReadStreamListAsync(TaskStream(id)));

        ((IDisposable)Store).Dispose();
        ((IDisposable)Store).Dispose(); // idempotent
        await Store.DisposeAsync();     // and a no-op after Dispose

        await AssertClosedAsync(Store, id);
    }

    [Fact]
    public async Task Disposing_synchronously_while_appends_run_returns_and_each_append_succeeds_or_is_refused_as_closed()
    {
        var appends = Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [new TaskCreated { Title = $"#{i}" }], ExpectedVersion.NoStream))).ToArray();

        await Task.Delay(5);
        var disposal = Task.Run(() => ((IDisposable)Store).Dispose());

        Assert.Same(disposal, await Task.WhenAny(disposal, Task.Delay(TimeSpan.FromSeconds(30))));
        await disposal;
        foreach (var append in appends)
        {
            Assert.Same(append, await Task.WhenAny(append, Task.Delay(TimeSpan.FromSeconds(30))));
            var ended = await Record.ExceptionAsync(() => append);
            Assert.True(ended is null or EventStoreClosedException, $"{Fixture.Name}: an append ended with {ended}");
        }
    }

    private static async Task AssertClosedAsync(IEventStore store, Guid id)
    {
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.AppendEventsAsync(id, TaskType, [new TaskCompleted()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetEventsAsync(id, TaskType));
        await ThrowsOnReadAsync<EventStoreClosedException>(() => store.ReadAllAsync());
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetGlobalPositionAsync());
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.EventExistsAsync(id));
    }
}
