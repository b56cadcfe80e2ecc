// Owns a store's connections: one writer at a time, pooled readers on a file, one shared connection for ":memory:".
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>
/// Lends sessions to the store. A file database has one write session, lent to one caller at a time (appends in this
/// process are serialised here; other processes and instances are serialised by SQLite's file lock), and a pool of
/// read sessions that, in WAL mode, never wait for the writer. An in-memory database lives in one connection kept open
/// for the store's lifetime, lent to one caller at a time for reads and writes alike.
/// </summary>
internal sealed class SqliteConnections : IAsyncDisposable, IDisposable
{
    // Idle read connections kept open; more may be open while many reads run at once, and are closed on return.
    private static readonly int MaxIdleReaders = Math.Max(4, Environment.ProcessorCount);
    private readonly SqliteEventStoreOptions _options;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private SqliteSession? _writer;
    private volatile bool _disposed;

    public SqliteConnections(SqliteEventStoreOptions options)
    {
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Database,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            // The driver retries a busy statement until this many seconds have passed; SQLite's own busy handler
            // (PRAGMA busy_timeout below) does the fine-grained waiting inside each attempt.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>Lends the write session (waiting for the current writer of this store to finish).</summary>
    public async Task<SessionLease> WriteAsync(CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writer ??= SqliteSession.Open(_connectionString, WriterPragmas());
            return new SessionLease(this, _writer, writer: true);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>Lends a read session: a pooled reader on a file, the shared connection for an in-memory database.</summary>
    public Task<SessionLease> ReadAsync(CancellationToken ct)
    {
        if (_options.IsInMemory)
        {
            return WriteAsync(ct);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = _readers.TryTake(out var pooled) ? pooled : SqliteSession.Open(_connectionString, ReaderPragmas());
        return Task.FromResult(new SessionLease(this, session, writer: false));
    }

    /// <summary>Closes the connections once the current writer (if any) has returned the write session.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        CloseAndRelease();
    }

    /// <summary>
    /// As <see cref="DisposeAsync"/>, blocking for the write gate: its holder never awaits while holding it (a session is
    /// used synchronously between lease and return), so the wait ends without needing this thread or any other task.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _writeGate.Wait();
        CloseAndRelease();
    }

    // Under the write gate: closes the write session and the idle readers (readers in use are closed on return).
    private void CloseAndRelease()
    {
        try
        {
            _writer?.Dispose();
            _writer = null;
            while (_readers.TryTake(out var reader))
            {
                reader.Dispose();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    internal void Return(SqliteSession session, bool writer)
    {
        if (writer)
        {
            if (!session.Healthy)
            {
                session.Dispose();
                _writer = null;
            }

            _writeGate.Release();
        }
        else if (_disposed || !session.Healthy || _readers.Count >= MaxIdleReaders)
        {
            session.Dispose();
        }
        else
        {
            _readers.Add(session);
            if (_disposed && _readers.TryTake(out var late))
            {
                late.Dispose();
            }
        }
    }

    private IEnumerable<string> WriterPragmas()
    {
        yield return "PRAGMA foreign_keys = ON";
        if (_options.IsInMemory)
        {
            yield break;
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}");
        yield return _options.WalMode ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE";
        yield return string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous = {(int)_options.Synchronous}");
    }

    private IEnumerable<string> ReaderPragmas()
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}");
        yield return "PRAGMA query_only = ON";
    }
}
