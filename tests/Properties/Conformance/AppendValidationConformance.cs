// Conformance: argument and registry checks of an append (SPEC §3 rules 1 and 2) and the order in which rules apply.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class AppendValidationConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task An_empty_aggregate_id_is_rejected_and_nothing_is_written()
    {
        var before = await SeedAsync();
        var e = new TaskCreated();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.Empty, TaskType, [e], ExpectedVersion.Any));

        Assert.Equal("aggregateId", ex.ParamName);
        await AssertUnchangedAsync(before, [e]);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs.AggregateTypes), MemberType = typeof(InvalidInputs))]
    public async Task An_invalid_aggregate_type_is_rejected_naming_it(string? aggregateType)
    {
        var before = await SeedAsync();
        var e = new Deposited(1m, "EUR");

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), aggregateType!, [e], ExpectedVersion.Any));
        var tried = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryAppendEventsAsync(Guid.NewGuid(), aggregateType!, [e], ExpectedVersion.Any));

        Assert.Equal("aggregateType", ex.ParamName);
        Assert.Equal("aggregateType", tried.ParamName);
        if (!string.IsNullOrEmpty(aggregateType))
        {
            Assert.Contains(aggregateType, ex.Message, StringComparison.Ordinal);
        }

        await AssertUnchangedAsync(before, [e]);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs.ValidAggregateTypes), MemberType = typeof(InvalidInputs))]
    public async Task Aggregate_types_at_the_edges_of_the_pattern_are_accepted(string aggregateType)
    {
        var id = Guid.NewGuid();

        var result = await AppendAsync(id, aggregateType, ExpectedVersion.NoStream, [new Deposited(1m, "EUR")]);

        Assert.Equal(1, result.NewVersion);
        var stored = Assert.Single(await ReadStreamListAsync(StreamKey.Format(id, aggregateType)));
        Assert.Equal(aggregateType, stored.AggregateType);
        Assert.Equal(1, await Store.GetStreamVersionAsync(id, aggregateType));
    }

    [Fact]
    public async Task A_null_batch_is_rejected()
    {
        var before = await SeedAsync();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, null!, ExpectedVersion.Any));

        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task An_empty_batch_is_rejected()
    {
        var before = await SeedAsync();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [], ExpectedVersion.NoStream));

        Assert.Equal("events", ex.ParamName);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_null_element_is_rejected_with_its_index_and_nothing_is_written()
    {
        var before = await SeedAsync();
        var valid = new TaskCreated();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [valid, null!], ExpectedVersion.Any));

        Assert.Equal("events", ex.ParamName);
        Assert.Contains("1", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(before, [valid]);
    }

    [Fact]
    public async Task An_event_of_another_aggregate_id_is_rejected_naming_both_ids()
    {
        var before = await SeedAsync();
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();
        var valid = new TaskCreated();
        var foreign = new TaskCompleted { AggregateId = other };

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(id, TaskType, [valid, foreign], ExpectedVersion.Any));

        Assert.Contains(other.ToString("D"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(id.ToString("D"), ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(before, [valid, foreign]);
    }

    [Fact]
    public async Task An_event_of_another_aggregate_type_is_rejected_naming_both_types()
    {
        var before = await SeedAsync();
        var created = new TaskCreated();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), "Project", [created], ExpectedVersion.Any));

        Assert.Contains("'Task'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Project'", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(before, [created]);
    }

    [Fact]
    public async Task An_unregistered_event_type_is_rejected_naming_it_and_nothing_of_the_batch_is_written()
    {
        var before = await SeedAsync();
        var valid = new TaskCreated();
        var unknown = new NotRegistered();

        var ex = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [valid, unknown], ExpectedVersion.Any));

        Assert.Equal("NotRegistered", ex.EventType);
        Assert.Contains("TaskCreated", ex.RegisteredTypes);
        Assert.Contains("NotRegistered", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(before, [valid, unknown]);
    }

    [Fact]
    public async Task The_store_s_own_registry_decides_what_is_registered()
    {
        var narrow = await NewStoreAsync(TestEvents.TaskRegistry());

        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => narrow.AppendEventsAsync(Guid.NewGuid(), "Account", [new Deposited(1m, "EUR")], ExpectedVersion.Any));
        var wide = await AppendAsync(Guid.NewGuid(), "Account", ExpectedVersion.Any, [new Deposited(1m, "EUR")]);

        Assert.True(wide.Success);
        Assert.Equal(0, await narrow.GetGlobalPositionAsync());
    }

    [Fact]
    public async Task TryAppendEventsAsync_throws_for_invalid_requests_instead_of_returning_a_conflict()
    {
        var x = Guid.NewGuid();
        var shared = new TaskCreated();
        await AppendAsync(x, shared);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryAppendEventsAsync(Guid.Empty, TaskType, [new TaskCreated()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.TryAppendEventsAsync(x, TaskType, [new NotRegistered()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<DuplicateEventException>(() => Store.TryAppendEventsAsync(Guid.NewGuid(), TaskType, [shared], ExpectedVersion.Any));
    }

    [Fact]
    public async Task Both_appends_report_every_failure_through_the_returned_task_never_by_throwing()
    {
        var shared = new TaskCreated();
        await AppendAsync(Guid.NewGuid(), shared);
        var before = await SnapshotAsync();
        var closed = await NewStoreAsync();
        await closed.DisposeAsync();
        Func<IEventStore, Guid, IReadOnlyList<DomainEvent>, CancellationToken, Task>[] appends =
        [
            (s, id, events, ct) => s.AppendEventsAsync(id, TaskType, events, ExpectedVersion.Any, ct),
            (s, id, events, ct) => s.TryAppendEventsAsync(id, TaskType, events, ExpectedVersion.Any, ct),
        ];
        foreach (var append in appends)
        {
            // Each call returns a task (a synchronous throw would fail the test here), and the task carries the failure.
            var badArgument = append(Store, Guid.Empty, [new TaskCreated()], default);
            var unknownType = append(Store, Guid.NewGuid(), [new NotRegistered()], default);
            var duplicate = append(Store, Guid.NewGuid(), [shared], default);
            var cancelled = append(Store, Guid.NewGuid(), [new TaskCreated()], new CancellationToken(canceled: true));
            var onClosed = append(closed, Guid.NewGuid(), [new TaskCreated()], default);

            await Assert.ThrowsAnyAsync<ArgumentException>(() => badArgument);
            await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => unknownType);
            await Assert.ThrowsAsync<DuplicateEventException>(() => duplicate);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            Assert.True(cancelled.IsCanceled, "a cancelled append's task should end Canceled");
            await Assert.ThrowsAsync<EventStoreClosedException>(() => onClosed);
        }

        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Argument_checks_come_before_the_registry_check()
    {
        var before = await SeedAsync();

        var emptyId = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.Empty, TaskType, [new NotRegistered()], ExpectedVersion.Any));
        var badType = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), "bad type", [new NotRegistered()], ExpectedVersion.Any));
        var nullLater = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [new NotRegistered(), null!], ExpectedVersion.Any));
        var nullAfterForeign = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [new TaskCreated { AggregateId = Guid.NewGuid() }, null!], ExpectedVersion.Any));

        Assert.Equal("aggregateId", emptyId.ParamName);
        Assert.Equal("aggregateType", badType.ParamName);
        Assert.Contains("null", nullLater.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("null", nullAfterForeign.Message, StringComparison.OrdinalIgnoreCase);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Within_rule_2_the_first_offending_event_in_batch_order_decides_the_error()
    {
        var id = Guid.NewGuid();
        var before = await SeedAsync();
        var foreign = new TaskCompleted { AggregateId = Guid.NewGuid() };

        var unregisteredFirst = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendEventsAsync(id, TaskType, [new TaskCreated(), new NotRegistered(), foreign], ExpectedVersion.Any));
        var foreignFirst = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendEventsAsync(id, TaskType, [new TaskCreated(), foreign, new NotRegistered()], ExpectedVersion.Any));
        var wrongTypeFirst = await Assert.ThrowsAnyAsync<Exception>(() =>
            Store.AppendEventsAsync(id, TaskType, [new Deposited(1m, "EUR") { AggregateType = "Account" }, new NotRegistered()], ExpectedVersion.Any));

        Assert.IsType<EventTypeNotRegisteredException>(unregisteredFirst);
        Assert.IsAssignableFrom<ArgumentException>(foreignFirst);
        Assert.IsAssignableFrom<ArgumentException>(wrongTypeFirst);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task The_registry_check_comes_before_duplicates_retries_and_the_version_check()
    {
        var x = Guid.NewGuid();
        var stored = new TaskCreated();
        await AppendAsync(x, stored);
        var before = await SnapshotAsync();

        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [stored, new NotRegistered()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.AppendEventsAsync(x, TaskType, [stored, new NotRegistered()], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.TryAppendEventsAsync(x, TaskType, [new NotRegistered()], ExpectedVersion.NoStream));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryAppendEventsAsync(x, TaskType, [new TaskCompleted { AggregateId = Guid.NewGuid() }], ExpectedVersion.NoStream));

        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_duplicate_in_another_stream_wins_over_a_stale_expected_version()
    {
        var x = Guid.NewGuid();
        var y = Guid.NewGuid();
        var shared = new TaskCreated();
        await AppendAsync(x, shared);
        await AppendAsync(y, new TaskCreated());
        var before = await SnapshotAsync();

        await Assert.ThrowsAsync<DuplicateEventException>(() => Store.TryAppendEventsAsync(y, TaskType, [new TaskCompleted(), shared], ExpectedVersion.NoStream));

        await AssertUnchangedAsync(before);
    }

    /// <summary>Puts two events in the store so that "unchanged" is checked against a non-empty store.</summary>
    private async Task<StoreSnapshot> SeedAsync()
    {
        await AppendAsync(Guid.NewGuid(), new TaskCreated { Title = "seed" }, new TaskCompleted());
        return await SnapshotAsync();
    }
}
