// Conformance: ReadStreamAsync with ReadOptions (SPEC §3): exclusive FromPosition, direction, limit, filters, cancellation.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class ReadStreamConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private static readonly Guid TenantA = Guid.Parse("aaaaaaaa-0000-4000-8000-000000000001");
    private static readonly Guid TenantB = Guid.Parse("bbbbbbbb-0000-4000-8000-000000000002");

    [Fact]
    public async Task By_default_a_stream_reads_forward_from_position_1_with_its_stored_events()
    {
        var (id, appended) = await SixEventsAsync();

        var read = await ReadStreamListAsync(TaskStream(id));

        Assert.Equal(Range(1, 6), read.Select(e => e.StreamPosition));
        Assert.Equal(appended.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.All(read, e => Assert.Equal(TaskStream(id), e.StreamId));
        Assert.All(read, e => Assert.Equal(e.StreamPosition, e.Event.AggregateVersion));
        Assert.All(Pairs(read), p => Assert.True(p.Earlier.GlobalPosition < p.Later.GlobalPosition));
    }

    [Fact]
    public async Task An_absent_stream_reads_as_empty()
    {
        await SixEventsAsync();

        Assert.Empty(await ReadStreamListAsync(TaskStream(Guid.NewGuid())));
    }

    [Theory]
    [InlineData(0L, new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(2L, new long[] { 3, 4, 5, 6 })]
    [InlineData(5L, new long[] { 6 })]
    [InlineData(6L, new long[0])]
    [InlineData(99L, new long[0])]
    public async Task FromPosition_is_an_exclusive_lower_bound(long from, long[] expected)
    {
        var (id, _) = await SixEventsAsync();

        var read = await ReadStreamListAsync(TaskStream(id), new ReadOptions { FromPosition = from });

        Assert.Equal(expected, read.Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task Backward_reads_newest_first_and_is_the_reverse_of_forward()
    {
        var (id, _) = await SixEventsAsync();

        var forward = await ReadStreamListAsync(TaskStream(id));
        var backward = await ReadStreamListAsync(TaskStream(id), new ReadOptions { Direction = ReadDirection.Backward });
        var backwardFrom = await ReadStreamListAsync(TaskStream(id), new ReadOptions { Direction = ReadDirection.Backward, FromPosition = 3 });

        Assert.Equal(forward.Select(e => e.EventId).Reverse(), backward.Select(e => e.EventId));
        Assert.Equal([6L, 5, 4], backwardFrom.Select(e => e.StreamPosition));
    }

    [Theory]
    [InlineData(ReadDirection.Forward, 0, new long[0])]
    [InlineData(ReadDirection.Forward, 2, new long[] { 1, 2 })]
    [InlineData(ReadDirection.Forward, 6, new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(ReadDirection.Forward, 10, new long[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(ReadDirection.Backward, 2, new long[] { 6, 5 })]
    [InlineData(ReadDirection.Backward, 10, new long[] { 6, 5, 4, 3, 2, 1 })]
    public async Task Limit_caps_the_events_after_ordering_so_backward_gives_the_newest(ReadDirection direction, int limit, long[] expected)
    {
        var (id, _) = await SixEventsAsync();

        var read = await ReadStreamListAsync(TaskStream(id), new ReadOptions { Direction = direction, Limit = limit });

        Assert.Equal(expected, read.Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task FromPosition_direction_and_limit_combine()
    {
        var (id, _) = await SixEventsAsync();

        var forward = await ReadStreamListAsync(TaskStream(id), new ReadOptions { FromPosition = 2, Limit = 2 });
        var backward = await ReadStreamListAsync(TaskStream(id), new ReadOptions { FromPosition = 2, Limit = 2, Direction = ReadDirection.Backward });

        Assert.Equal([3L, 4], forward.Select(e => e.StreamPosition));
        Assert.Equal([6L, 5], backward.Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task Timestamps_select_OccurredAt_in_a_half_open_range()
    {
        var (id, _) = await SixEventsAsync();

        var read = await ReadStreamListAsync(TaskStream(id), new ReadOptions { FromTimestamp = T0.AddMinutes(1), ToTimestamp = T0.AddMinutes(4) });
        var back = await ReadStreamListAsync(TaskStream(id), new ReadOptions { FromTimestamp = T0.AddMinutes(1), ToTimestamp = T0.AddMinutes(4), Direction = ReadDirection.Backward, Limit = 2 });

        Assert.Equal([2L, 3, 4], read.Select(e => e.StreamPosition));
        Assert.Equal([4L, 3], back.Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task A_tenant_filter_keeps_that_tenant_s_events_and_drops_untenanted_ones()
    {
        var (id, _) = await SixEventsAsync();

        var a = await ReadStreamListAsync(TaskStream(id), new ReadOptions { TenantId = TenantA });
        var b = await ReadStreamListAsync(TaskStream(id), new ReadOptions { TenantId = TenantB, Limit = 1 });
        var none = await ReadStreamListAsync(TaskStream(id), new ReadOptions { TenantId = Guid.NewGuid() });

        Assert.Equal([1L, 4], a.Select(e => e.StreamPosition));
        Assert.All(a, e => Assert.Equal(TenantA, e.TenantId));
        Assert.Equal([2L], b.Select(e => e.StreamPosition));
        Assert.Empty(none);
    }

    [Fact]
    public async Task An_aggregate_type_filter_on_a_stream_keeps_all_or_nothing()
    {
        var (id, _) = await SixEventsAsync();

        var same = await ReadStreamListAsync(TaskStream(id), new ReadOptions { AggregateType = TaskType });
        var other = await ReadStreamListAsync(TaskStream(id), new ReadOptions { AggregateType = "Account" });

        Assert.Equal(6, same.Count);
        Assert.Empty(other);
    }

    [Fact]
    public async Task Streams_of_the_same_id_and_another_type_are_read_separately()
    {
        var (id, _) = await SixEventsAsync();
        var deposit = new Deposited(3m, "EUR");
        await AppendAsync(id, "Account", ExpectedVersion.NoStream, [deposit]);

        var account = await ReadStreamListAsync(StreamKey.Format(id, "Account"));

        var only = Assert.Single(account);
        Assert.Equal(deposit.EventId, only.EventId);
        Assert.Equal(1, only.StreamPosition);
        Assert.Equal(6, (await ReadStreamListAsync(TaskStream(id))).Count);
    }

    [Fact]
    public async Task Null_options_mean_the_defaults()
    {
        var (id, _) = await SixEventsAsync();

        var withNull = await CollectAsync(Store.ReadStreamAsync(TaskStream(id), null));
        var withDefault = await CollectAsync(Store.ReadStreamAsync(TaskStream(id), ReadOptions.Default));

        Assert.Equal(withDefault.Select(e => e.EventId), withNull.Select(e => e.EventId));
        Assert.Equal(6, withNull.Count);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs.StreamIds), MemberType = typeof(InvalidInputs))]
    public async Task A_malformed_stream_id_is_rejected_naming_it(string streamId)
    {
        var ex = await ThrowsOnReadAsync<ArgumentException>(() => Store.ReadStreamAsync(streamId));

        if (streamId.Length > 0)
        {
            Assert.Contains(streamId, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_null_stream_id_is_rejected()
    {
        await ThrowsOnReadAsync<ArgumentException>(() => Store.ReadStreamAsync(null!));
    }

    [Theory]
    [InlineData(-1L, null)]
    [InlineData(long.MinValue, null)]
    [InlineData(0L, -1)]
    [InlineData(0L, int.MinValue)]
    public async Task Negative_FromPosition_or_Limit_is_out_of_range_at_the_latest_on_the_first_MoveNext(long from, int? limit)
    {
        var (id, _) = await SixEventsAsync();

        await ThrowsOnReadAsync<ArgumentOutOfRangeException>(() => Store.ReadStreamAsync(TaskStream(id), new ReadOptions { FromPosition = from, Limit = limit }));
    }

    [Fact]
    public async Task A_cancelled_token_stops_the_read()
    {
        var (id, _) = await SixEventsAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await ThrowsOnReadAsync<OperationCanceledException>(() => Store.ReadStreamAsync(TaskStream(id), ct: cts.Token));
    }

    [Fact]
    public async Task Cancelling_mid_read_stops_the_read_before_its_end()
    {
        var (id, _) = await SixEventsAsync();
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Store.ReadStreamAsync(TaskStream(id), ct: cts.Token))
            {
                if (++seen == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(2, seen);
    }

    [Fact]
    public async Task A_token_given_to_WithCancellation_is_honoured_too()
    {
        var (id, _) = await SixEventsAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Store.ReadStreamAsync(TaskStream(id)).WithCancellation(cts.Token))
            {
            }
        });
    }

    // Six Task events one minute apart from T0 in two batches; tenants A, B, none, A, B, none. Another stream in between.
    private async Task<(Guid Id, List<DomainEvent> Appended)> SixEventsAsync()
    {
        var id = Guid.NewGuid();
        Guid?[] tenants = [TenantA, TenantB, null];
        var events = Enumerable.Range(0, 6)
            .Select(i => (DomainEvent)new TaskRenamed { NewTitle = $"{i}", OccurredAt = T0.AddMinutes(i), TenantId = tenants[i % 3] })
            .ToList();
        await AppendAsync(id, [.. events.Take(3)]);
        await AppendAsync(Guid.NewGuid(), new TaskCreated { TenantId = TenantA, OccurredAt = T0.AddMinutes(1) });
        await AppendAsync(id, [.. events.Skip(3)]);
        return (id, events);
    }
}
