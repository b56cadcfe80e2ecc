// The store's connections, kept open from one append or read to the next: Npgsql resets a pooled connection on every reuse.
using System.Diagnostics;
using System.Transactions;
using Npgsql;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>
/// The open connections a store's appends and short reads run on, kept open between them.
/// <para>
/// A connection taken from the data source's pool and returned after each call costs a reset on the next use: Npgsql
/// sends seven statements ahead of the call (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
/// SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>), a noticeable share of a one-event append's time. The store only leaves behind what
/// that reset would clear when a call fails, so a connection is kept only after work that ended normally — every
/// transaction it ran committed or rolled back, the feed lock (a session lock) released, its reader consumed — and
/// after any failure, or a read its consumer left early, it is disposed, returning to the pool, which resets it as
/// before. A connection that broke (the server restarted, or its backend was terminated) takes the kept ones with it,
/// since they most likely broke too: a retry then opens a new connection.
/// </para>
/// <para>
/// The connections are never enlisted in an ambient <see cref="Transaction"/>: an append commits or rolls back on its
/// own, whatever transaction scope its caller is in (enlisted, its own <c>COMMIT</c> ended the ambient transaction's
/// work and the scope then failed as in doubt), and a read sees what is committed, not a scope's snapshot.
/// </para>
/// <para>
/// At most <c>capacity</c> are kept (the store's <c>MaxConcurrentAppends</c>), and with a pool of <c>Maximum Pool
/// Size</c> n at most n − 1 stay idle here. None is kept while one of the store's calls waits for the pool: the
/// connection goes back to the pool, which hands it to that caller. A kept connection unused for the
/// data source's <c>Connection Pruning Interval</c> (default 10 s) goes back to the pool, whose own pruning then closes
/// it after <c>Connection Idle Lifetime</c>: a quiet store holds no connection, disposed or not. One kept for the data
/// source's <c>Connection Lifetime</c> (when set; counted from when the store took it) goes back at its next use, and
/// the pool closes it if it is older than that. The store's disposal returns them all.
/// </para>
/// </summary>
internal sealed class KeptConnections : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _capacity;
    private readonly TimeSpan _idleLimit;
    private readonly TimeSpan? _lifetime;
    private readonly Lock _gate = new();
    private readonly List<Lease> _idle = []; // a stack: the most recently used last, so the longest idle come first
    private readonly Timer _sweeper;
    private bool _sweeping;
    private bool _disposed;
    private long _opened;
    private int _opening; // callers waiting for the data source: a returned connection goes to the pool, to serve them

    public KeptConnections(NpgsqlDataSource dataSource, int capacity)
    {
        _dataSource = dataSource;
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        _capacity = settings.Pooling ? Math.Min(capacity, Math.Max(0, settings.MaxPoolSize - 1)) : capacity;
        _idleLimit = TimeSpan.FromSeconds(Math.Max(1, settings.ConnectionPruningInterval));
        _lifetime = settings.ConnectionLifetime > 0 ? TimeSpan.FromSeconds(settings.ConnectionLifetime) : null;
        _sweeper = new Timer(static state => ((KeptConnections)state!).Sweep(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Test counter: connections this store has taken from the data source.</summary>
    internal long Opened => Interlocked.Read(ref _opened);

    /// <summary>Test seam: the connections kept open now.</summary>
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
    /// connection is kept for the next caller if the work returned and left it open, and disposed if the work threw.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        var lease = await TakeAsync(ct).ConfigureAwait(false);
        T result;
        try
        {
            result = await work(lease.Connection).ConfigureAwait(false);
        }
        catch
        {
            await ReturnAsync(lease, clean: false).ConfigureAwait(false);
            throw;
        }

        await ReturnAsync(lease, clean: true).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// An open connection for work that cannot be one delegate (a read that yields its rows): a kept one if there is
    /// one, else one from the data source. Give it back with <see cref="ReturnAsync"/> exactly once.
    /// </summary>
    public async Task<Lease> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            Lease? kept = null;
            lock (_gate)
            {
                if (_idle.Count > 0)
                {
                    kept = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                }
            }

            if (kept is null)
            {
                break;
            }

            if (kept.Connection.FullState == System.Data.ConnectionState.Open
                && (_lifetime is not { } lifetime || Stopwatch.GetElapsedTime(kept.TakenAt) < lifetime))
            {
                return kept;
            }

            await kept.Connection.DisposeAsync().ConfigureAwait(false);
        }

        Interlocked.Increment(ref _opening);
        NpgsqlConnection conn;
        try
        {
            conn = await OpenUnenlistedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _opening);
        }

        Interlocked.Increment(ref _opened);
        return new Lease(conn, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// Gives back a connection from <see cref="TakeAsync"/>: kept for the next caller if <paramref name="clean"/> (the
    /// work ended normally), it is still open and no caller of this store is waiting for the pool (which may have no
    /// other connection to give it); else disposed (to the pool, which resets it).
    /// </summary>
    public async ValueTask ReturnAsync(Lease lease, bool clean)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!clean && (lease.Connection.FullState & System.Data.ConnectionState.Broken) != 0)
        {
            await ForgetAllAsync().ConfigureAwait(false);
        }
        else if (clean && lease.Connection.FullState == System.Data.ConnectionState.Open && Volatile.Read(ref _opening) == 0)
        {
            lease.IdleSince = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                if (!_disposed && _idle.Count < _capacity)
                {
                    _idle.Add(lease);
                    if (!_sweeping)
                    {
                        _sweeping = true;
                        _sweeper.Change(_idleLimit, _idleLimit);
                    }

                    return;
                }
            }
        }

        await lease.Connection.DisposeAsync().ConfigureAwait(false);
    }

    // A connection broke under a call: the kept ones most likely broke too (a restart breaks them all, and Npgsql finds
    // out only on each one's next use: a call's failure). Npgsql clears its pool's idle connections when one breaks for
    // a reason that says the server is down, but the kept ones are not in its pool: they are closed here, so the retry
    // that follows opens a new connection instead of failing again on the next dead one.
    private async ValueTask ForgetAllAsync()
    {
        List<Lease> idle;
        lock (_gate)
        {
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var kept in idle)
        {
            await kept.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Returns every kept connection to the data source; connections in use are returned when their work ends.</summary>
    public async ValueTask DisposeAsync()
    {
        var idle = Close();
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        foreach (var kept in idle)
        {
            await kept.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// As <see cref="DisposeAsync"/>, synchronously: the timer is stopped without waiting for a sweep in progress (which
    /// finds the store closed and returns), and each kept connection goes back to the pool, which needs no I/O when the data
    /// source pools (with <c>Pooling=false</c> each close ends its session, a blocking round trip).
    /// </summary>
    public void Dispose()
    {
        var idle = Close();
        _sweeper.Dispose();
        foreach (var kept in idle)
        {
            kept.Connection.Dispose();
        }
    }

    // Marks the connections closed (none is kept from now on) and hands back the idle ones to dispose.
    private List<Lease> Close()
    {
        lock (_gate)
        {
            _disposed = true;
            List<Lease> idle = [.. _idle];
            _idle.Clear();
            return idle;
        }
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

    // On the timer: the connections idle for the limit go back to the pool; the timer stops once none is kept.
    private void Sweep()
    {
        List<Lease> expired;
        lock (_gate)
        {
            if (_disposed)
            {
                return; // DisposeAsync returned them and disposes the timer
            }

            var now = Stopwatch.GetTimestamp();
            var n = 0;
            while (n < _idle.Count && Stopwatch.GetElapsedTime(_idle[n].IdleSince, now) >= _idleLimit)
            {
                n++;
            }

            expired = _idle.GetRange(0, n);
            _idle.RemoveRange(0, n);
            if (_idle.Count == 0 && _sweeping)
            {
                _sweeping = false;
                _sweeper.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }

        foreach (var kept in expired)
        {
            try
            {
                kept.Connection.Dispose(); // back to the pool: no I/O (the reset is sent with the connection's next use)
            }
#pragma warning disable CA1031 // a timer callback must not throw; a connection that fails to close is the pool's to discard
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>A connection taken from <see cref="KeptConnections"/>.</summary>
    internal sealed class Lease(NpgsqlConnection connection, long takenAt)
    {
        /// <summary>The open connection.</summary>
        public NpgsqlConnection Connection { get; } = connection;

        public long TakenAt { get; } = takenAt;

        public long IdleSince { get; set; } = takenAt;
    }
}
