// The store's append connections, kept open from one append to the next: Npgsql resets a pooled connection on every reuse.
using System.Diagnostics;
using System.Transactions;
using Npgsql;

namespace EventStore.Functional.Postgres;

/// <summary>
/// The open connections a store's appends run on, at most one per append writer, kept open between appends.
/// <para>
/// A connection taken from the data source's pool and returned after each append costs a reset on the next use: Npgsql
/// sends seven statements ahead of the append (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
/// SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>), about 35 µs of server time, which with one
/// writer was a sixth of an append's time on the benchmark VM (docs/benchmarks.md). An append only leaves behind what
/// that reset would clear when it fails, so a connection is kept only after work that ended normally — every
/// transaction it ran committed or rolled back, the feed lock (a session lock) released — and after any failure it is
/// disposed, returning to the pool, which resets it as before.
/// </para>
/// <para>
/// The connections are never enlisted in an ambient <see cref="Transaction"/>: an append commits or rolls back on its
/// own, whatever transaction scope its caller is in (enlisted, its own <c>COMMIT</c> ended the ambient transaction's
/// work and the scope then failed as in doubt). A kept connection goes back to the pool once it has been idle for the data source's
/// <c>Connection Idle Lifetime</c> or has lived for its <c>Connection Lifetime</c> (when set), as the pool's own idle
/// connections would; it is checked when an append next needs one. The store's disposal returns every kept connection.
/// </para>
/// </summary>
internal sealed class WriterConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _capacity;
    private readonly TimeSpan _idleLifetime;
    private readonly TimeSpan? _lifetime;
    private readonly Lock _gate = new();
    private readonly Stack<Kept> _idle = new();
    private bool _disposed;
    private long _opened;

    public WriterConnections(NpgsqlDataSource dataSource, int capacity)
    {
        _dataSource = dataSource;
        _capacity = capacity;
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        _idleLifetime = TimeSpan.FromSeconds(Math.Max(1, settings.ConnectionIdleLifetime));
        _lifetime = settings.ConnectionLifetime > 0 ? TimeSpan.FromSeconds(settings.ConnectionLifetime) : null;
    }

    /// <summary>Test counter: connections this store has taken from the data source for appends.</summary>
    internal long Opened => Interlocked.Read(ref _opened);

    /// <summary>Test seam: the connections kept open between appends now.</summary>
    internal IReadOnlyList<NpgsqlConnection> Idle
    {
        get
        {
            lock (_gate)
            {
                return [.. _idle.Select(k => k.Connection)];
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection: a kept one if there is one, else one from the data source. The
    /// connection is kept for the next append if the work returned and left it open, and disposed if the work threw.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        var kept = await TakeAsync(ct).ConfigureAwait(false);
        T result;
        try
        {
            result = await work(kept.Connection).ConfigureAwait(false);
        }
        catch
        {
            await kept.Connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await KeepAsync(kept).ConfigureAwait(false);
        return result;
    }

    /// <summary>Returns every kept connection to the data source; connections in use are returned when their work ends.</summary>
    public async ValueTask DisposeAsync()
    {
        Kept[] idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var kept in idle)
        {
            await kept.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Kept> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            Kept? kept;
            lock (_gate)
            {
                _idle.TryPop(out kept);
            }

            if (kept is null)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            if (kept.Connection.FullState == System.Data.ConnectionState.Open
                && Stopwatch.GetElapsedTime(kept.IdleSince, now) < _idleLifetime
                && (_lifetime is not { } lifetime || Stopwatch.GetElapsedTime(kept.OpenedAt, now) < lifetime))
            {
                return kept;
            }

            await kept.Connection.DisposeAsync().ConfigureAwait(false);
        }

        var conn = await OpenUnenlistedAsync(ct).ConfigureAwait(false);
        Interlocked.Increment(ref _opened);
        return new Kept(conn, Stopwatch.GetTimestamp());
    }

    // Npgsql enlists a connection opened under an ambient transaction in it; an append is a transaction of its own.
    private async Task<NpgsqlConnection> OpenUnenlistedAsync(CancellationToken ct)
    {
        if (Transaction.Current is null)
        {
            return await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        }

        using var suppress = new TransactionScope(TransactionScopeOption.Suppress, TransactionScopeAsyncFlowOption.Enabled);
        return await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
    }

    private async ValueTask KeepAsync(Kept kept)
    {
        if (kept.Connection.FullState == System.Data.ConnectionState.Open)
        {
            kept.IdleSince = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                if (!_disposed && _idle.Count < _capacity)
                {
                    _idle.Push(kept);
                    return;
                }
            }
        }

        await kept.Connection.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Kept(NpgsqlConnection connection, long openedAt)
    {
        public NpgsqlConnection Connection { get; } = connection;

        public long OpenedAt { get; } = openedAt;

        public long IdleSince { get; set; } = openedAt;
    }
}
