using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OmniSqlite
{
    /// <summary>
    /// An immutable set of connection PRAGMAs. <see cref="Production"/> is the setup production SQLite wants;
    /// change one value with the <c>With...</c> methods (each returns a copy):
    /// <code>var profile = SqliteProfile.Production.WithCacheSize(-128000).WithBusyTimeout(TimeSpan.FromSeconds(10));
    /// using var connection = profile.Open("Data Source=/var/lib/app/app.db");</code>
    /// </summary>
    public sealed class SqliteProfile
    {
        /// <summary>The slow-query threshold used when the log is switched on without one.</summary>
        public static readonly TimeSpan DefaultSlowQueryThreshold = TimeSpan.FromMilliseconds(100);

        /// <summary>
        /// journal_mode=WAL, synchronous=NORMAL, cache_size=-64000 (64 MB), temp_store=MEMORY, mmap_size=268435456 (256 MiB),
        /// busy_timeout=5000 ms, foreign_keys=ON, auto_vacuum=INCREMENTAL (on a new database only),
        /// journal_size_limit=67108864 (64 MiB), wal_autocheckpoint=1000; WAL on a network filesystem is refused.
        /// </summary>
        public static SqliteProfile Production { get; } = new SqliteProfile(
            SqliteJournalMode.Wal, SqliteSynchronous.Normal, -64000, SqliteTempStore.Memory, 268435456L,
            TimeSpan.FromMilliseconds(5000), true, SqliteAutoVacuum.Incremental, 67108864L, 1000, TimeSpan.FromSeconds(5));

        /// <summary>
        /// SQLite's own defaults, stated explicitly: journal_mode=DELETE, synchronous=FULL, cache_size=-2000, temp_store=DEFAULT,
        /// mmap_size=0, busy_timeout=0, foreign_keys=OFF, auto_vacuum=NONE, journal_size_limit=-1, wal_autocheckpoint=1000.
        /// </summary>
        public static SqliteProfile Default { get; } = new SqliteProfile(
            SqliteJournalMode.Delete, SqliteSynchronous.Full, -2000, SqliteTempStore.Default, 0L,
            TimeSpan.Zero, false, SqliteAutoVacuum.None, -1L, 1000, TimeSpan.FromSeconds(30));

        private SqliteProfile(
            SqliteJournalMode journalMode, SqliteSynchronous synchronous, int cacheSize, SqliteTempStore tempStore, long mmapSize,
            TimeSpan busyTimeout, bool foreignKeys, SqliteAutoVacuum autoVacuum, long journalSizeLimit, int walAutoCheckpoint, TimeSpan writeLockTimeout)
        {
            WriteLockTimeout = writeLockTimeout;
            JournalMode = journalMode;
            Synchronous = synchronous;
            CacheSize = cacheSize;
            TempStore = tempStore;
            MmapSize = mmapSize;
            BusyTimeout = busyTimeout;
            ForeignKeys = foreignKeys;
            AutoVacuum = autoVacuum;
            JournalSizeLimit = journalSizeLimit;
            WalAutoCheckpoint = walAutoCheckpoint;
        }

        private SqliteProfile Copy() => (SqliteProfile)MemberwiseClone();

        /// <summary><c>PRAGMA journal_mode</c>. WAL persists in the file; the other modes are per connection.</summary>
        public SqliteJournalMode JournalMode { get; private set; }
        /// <summary><c>PRAGMA synchronous</c> (per connection).</summary>
        public SqliteSynchronous Synchronous { get; private set; }
        /// <summary><c>PRAGMA cache_size</c> (per connection): pages when positive, KiB when negative.</summary>
        public int CacheSize { get; private set; }
        /// <summary><c>PRAGMA temp_store</c> (per connection).</summary>
        public SqliteTempStore TempStore { get; private set; }
        /// <summary><c>PRAGMA mmap_size</c> in bytes (per connection); 0 turns memory-mapped I/O off.</summary>
        public long MmapSize { get; private set; }
        /// <summary><c>PRAGMA busy_timeout</c> (per connection): how long a statement waits for a lock before SQLITE_BUSY.</summary>
        public TimeSpan BusyTimeout { get; private set; }
        /// <summary><c>PRAGMA foreign_keys</c> (per connection).</summary>
        public bool ForeignKeys { get; private set; }
        /// <summary><c>PRAGMA auto_vacuum</c>: applied only to a new, empty database; on an existing one a difference is reported, never fixed by a silent VACUUM.</summary>
        public SqliteAutoVacuum AutoVacuum { get; private set; }
        /// <summary><c>PRAGMA journal_size_limit</c> in bytes (per connection); -1 means no limit.</summary>
        public long JournalSizeLimit { get; private set; }
        /// <summary><c>PRAGMA wal_autocheckpoint</c> in pages (per connection); 0 or less turns automatic checkpoints off.</summary>
        public int WalAutoCheckpoint { get; private set; }
        /// <summary>
        /// The longest <see cref="WriteTransactionExtensions.BeginWriteTransaction(SqliteConnection)"/> waits for the write lock (a bounded,
        /// jittered retry of BEGIN IMMEDIATE) before it throws <see cref="SqliteWriteTimeoutException"/>. Production: 5 s; Default: 30 s
        /// (Microsoft.Data.Sqlite's own command timeout). Not a PRAGMA: it belongs to the connections this profile opens.
        /// </summary>
        public TimeSpan WriteLockTimeout { get; private set; }
        /// <summary>What to do when WAL is asked for and the database file sits on a network filesystem.</summary>
        public NetworkFileSystemPolicy OnNetworkFileSystem { get; private set; }
        /// <summary>The mount table the network-filesystem guard consults; null means the running system's (<see cref="OmniSqlite.MountTable.ForCurrentSystem"/>).</summary>
        public IMountTable? MountTable { get; private set; }
        /// <summary>Statements slower than this are logged as warnings through the logger given to <c>Open</c>; null (the default) logs nothing.</summary>
        public TimeSpan? SlowQueryThreshold { get; private set; }

        public SqliteProfile WithJournalMode(SqliteJournalMode value) { var p = Copy(); p.JournalMode = CheckEnum(value, nameof(JournalMode)); return p; }
        public SqliteProfile WithSynchronous(SqliteSynchronous value) { var p = Copy(); p.Synchronous = CheckEnum(value, nameof(Synchronous)); return p; }
        public SqliteProfile WithCacheSize(int value) { var p = Copy(); p.CacheSize = value; return p; }
        public SqliteProfile WithTempStore(SqliteTempStore value) { var p = Copy(); p.TempStore = CheckEnum(value, nameof(TempStore)); return p; }
        public SqliteProfile WithMmapSize(long bytes)
        {
            if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "MmapSize must be 0 (off) or a positive number of bytes.");
            var p = Copy(); p.MmapSize = bytes; return p;
        }
        public SqliteProfile WithBusyTimeout(TimeSpan value)
        {
            if (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(value), value, "BusyTimeout must be between 0 and int.MaxValue milliseconds.");
            var p = Copy(); p.BusyTimeout = value; return p;
        }
        /// <summary>Sets <see cref="WriteLockTimeout"/>, the ceiling of the write-lock wait in BeginWriteTransaction (more than zero).</summary>
        public SqliteProfile WithWriteLockTimeout(TimeSpan value)
        {
            if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(value), value, "WriteLockTimeout must be more than zero and at most int.MaxValue milliseconds.");
            var p = Copy(); p.WriteLockTimeout = value; return p;
        }
        public SqliteProfile WithForeignKeys(bool value) { var p = Copy(); p.ForeignKeys = value; return p; }
        public SqliteProfile WithAutoVacuum(SqliteAutoVacuum value) { var p = Copy(); p.AutoVacuum = CheckEnum(value, nameof(AutoVacuum)); return p; }
        public SqliteProfile WithJournalSizeLimit(long bytes)
        {
            if (bytes < -1) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "JournalSizeLimit must be -1 (no limit) or a number of bytes >= 0.");
            var p = Copy(); p.JournalSizeLimit = bytes; return p;
        }
        public SqliteProfile WithWalAutoCheckpoint(int pages) { var p = Copy(); p.WalAutoCheckpoint = pages; return p; }
        public SqliteProfile WithNetworkFileSystemPolicy(NetworkFileSystemPolicy value) { var p = Copy(); p.OnNetworkFileSystem = CheckEnum(value, nameof(OnNetworkFileSystem)); return p; }
        /// <summary>Uses this mount table for the network-filesystem guard (tests inject one made with <see cref="OmniSqlite.MountTable.Parse"/>).</summary>
        public SqliteProfile WithMountTable(IMountTable? value) { var p = Copy(); p.MountTable = value; return p; }
        /// <summary>Logs statements slower than <paramref name="threshold"/> (default 100 ms) through the logger given to <c>Open</c>.</summary>
        public SqliteProfile WithSlowQueryLog(TimeSpan? threshold = null)
        {
            var value = threshold ?? DefaultSlowQueryThreshold;
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(threshold), value, "The slow-query threshold must not be negative.");
            var p = Copy(); p.SlowQueryThreshold = value; return p;
        }
        /// <summary>Switches the slow-query log off.</summary>
        public SqliteProfile WithoutSlowQueryLog() { var p = Copy(); p.SlowQueryThreshold = null; return p; }

        /// <summary>
        /// Sets one PRAGMA from text, as configuration files hold it: <c>WithPragma("journal_mode", "wal")</c>,
        /// <c>WithPragma("busy_timeout", "5000")</c>, <c>WithPragma("foreign_keys", "on")</c>. An unknown name or value throws
        /// an <see cref="ArgumentException"/> that lists what is accepted.
        /// </summary>
        public SqliteProfile WithPragma(string name, string value)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (value is null) throw new ArgumentNullException(nameof(value));
            var key = name.Trim().ToLowerInvariant();
            var text = value.Trim();
            switch (key)
            {
                case "journal_mode": return WithJournalMode(ParseEnum<SqliteJournalMode>(key, text));
                case "synchronous": return WithSynchronous(ParseEnum<SqliteSynchronous>(key, text));
                case "temp_store": return WithTempStore(ParseEnum<SqliteTempStore>(key, text));
                case "auto_vacuum": return WithAutoVacuum(ParseEnum<SqliteAutoVacuum>(key, text));
                case "cache_size": return WithCacheSize((int)ParseInteger(key, text, int.MinValue, int.MaxValue));
                case "mmap_size": return WithMmapSize(ParseInteger(key, text, 0, long.MaxValue));
                case "busy_timeout": return WithBusyTimeout(TimeSpan.FromMilliseconds(ParseInteger(key, text, 0, int.MaxValue)));
                case "journal_size_limit": return WithJournalSizeLimit(ParseInteger(key, text, -1, long.MaxValue));
                case "wal_autocheckpoint": return WithWalAutoCheckpoint((int)ParseInteger(key, text, int.MinValue, int.MaxValue));
                case "foreign_keys": return WithForeignKeys(ParseBoolean(key, text));
                default:
                    throw new ArgumentException(
                        $"Unknown PRAGMA '{name}' for a SqliteProfile. Accepted: {string.Join(", ", PragmaNames.All)}.", nameof(name));
            }
        }

        /// <summary>
        /// Opens a connection and applies this profile (see <see cref="SqliteProfileExtensions.ApplyProfile"/>). The PRAGMAs are set and
        /// read back once per native handle: a handle the pool hands out again keeps them, and costs two C calls to check
        /// (busy_timeout set again, foreign_keys read); see docs/runtime.md, "What is checked when".
        /// Throws <see cref="SqliteProfileException"/> (with nothing left open) when a PRAGMA does not take.
        /// </summary>
        public SqliteConnection Open(string connectionString, ILogger? logger = null) => Open(connectionString, logger, out _);

        /// <summary>Like <see cref="Open(string, ILogger)"/>, and hands back what was applied and read back.</summary>
        public SqliteConnection Open(string connectionString, ILogger? logger, out ProfileReport report)
        {
            var target = ProfileApplier.PrepareOpenCached(this, connectionString);
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                report = ProfileApplier.EnsureApplied(connection, this, logger, target.FileSystem);
                ProfileApplier.KeepAppliedOnReopen(connection, this, logger, report.FileSystem);
                ProfileApplier.RememberOpened(this, connectionString, target);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>Async twin of <see cref="Open(string, ILogger)"/>.</summary>
        public Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken = default) => OpenAsync(connectionString, null, cancellationToken);

        /// <summary>Async twin of <see cref="Open(string, ILogger)"/>.</summary>
        public async Task<SqliteConnection> OpenAsync(string connectionString, ILogger? logger, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = ProfileApplier.PrepareOpenCached(this, connectionString);
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var report = ProfileApplier.EnsureApplied(connection, this, logger, target.FileSystem);
                ProfileApplier.KeepAppliedOnReopen(connection, this, logger, report.FileSystem);
                ProfileApplier.RememberOpened(this, connectionString, target);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>The PRAGMA statements this profile stands for, one a line (auto_vacuum only takes on a new database).</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var (name, value) in RequestedValues()) sb.Append("PRAGMA ").Append(name).Append('=').Append(value).Append(";\n");
            sb.Append("-- network filesystem: ").Append(OnNetworkFileSystem);
            if (SlowQueryThreshold is TimeSpan t) sb.Append("; slow-query log over ").Append(t.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)).Append(" ms");
            return sb.ToString();
        }

        /// <summary>True when both profiles would set the same PRAGMAs, guard and log the same way (a handle applied with one needs nothing for the other).</summary>
        internal bool HasSameSettings(SqliteProfile other) =>
            JournalMode == other.JournalMode && Synchronous == other.Synchronous && CacheSize == other.CacheSize && TempStore == other.TempStore
            && MmapSize == other.MmapSize && BusyTimeout == other.BusyTimeout && ForeignKeys == other.ForeignKeys && AutoVacuum == other.AutoVacuum
            && JournalSizeLimit == other.JournalSizeLimit && WalAutoCheckpoint == other.WalAutoCheckpoint && OnNetworkFileSystem == other.OnNetworkFileSystem
            && ReferenceEquals(MountTable, other.MountTable) && SlowQueryThreshold == other.SlowQueryThreshold && WriteLockTimeout == other.WriteLockTimeout;

        internal IEnumerable<(string Name, string Value)> RequestedValues()
        {
            yield return (PragmaNames.BusyTimeout, ((long)BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.ForeignKeys, ForeignKeys ? "1" : "0");
            yield return (PragmaNames.CacheSize, CacheSize.ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.TempStore, ((int)TempStore).ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.MmapSize, MmapSize.ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.JournalSizeLimit, JournalSizeLimit.ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.WalAutoCheckpoint, WalAutoCheckpoint.ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.Synchronous, ((int)Synchronous).ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.AutoVacuum, ((int)AutoVacuum).ToString(CultureInfo.InvariantCulture));
            yield return (PragmaNames.JournalMode, JournalModeText(JournalMode));
        }

        internal static string JournalModeText(SqliteJournalMode mode) => mode.ToString().ToLowerInvariant();

        private static T CheckEnum<T>(T value, string property) where T : struct, Enum
        {
            if (!Enum.IsDefined(typeof(T), value))
                throw new ArgumentOutOfRangeException(property, value, $"{property} has no value {Convert.ToInt64(value, CultureInfo.InvariantCulture)}; use one of {string.Join(", ", Enum.GetNames(typeof(T)))}.");
            return value;
        }

        private static T ParseEnum<T>(string pragma, string text) where T : struct, Enum
        {
            foreach (var name in Enum.GetNames(typeof(T)))
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return (T)Enum.Parse(typeof(T), name);
            }
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && typeof(T) != typeof(SqliteJournalMode))
            {
                foreach (var name in Enum.GetNames(typeof(T)))
                {
                    var v = (T)Enum.Parse(typeof(T), name);
                    if (Convert.ToInt64(v, CultureInfo.InvariantCulture) == number) return v;
                }
            }
            throw new ArgumentException(
                $"Unknown value '{text}' for PRAGMA {pragma}; expected one of {string.Join(", ", Enum.GetNames(typeof(T))).ToUpperInvariant()}.", "value");
        }

        private static long ParseInteger(string pragma, string text, long min, long max)
        {
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
                throw new ArgumentException($"Unknown value '{text}' for PRAGMA {pragma}; expected an integer from {min} to {max}.", "value");
            return number;
        }

        private static bool ParseBoolean(string pragma, string text)
        {
            switch (text.ToLowerInvariant())
            {
                case "1": case "on": case "true": case "yes": return true;
                case "0": case "off": case "false": case "no": return false;
                default: throw new ArgumentException($"Unknown value '{text}' for PRAGMA {pragma}; expected ON or OFF (1/0, true/false, yes/no).", "value");
            }
        }
    }

    internal static class PragmaNames
    {
        public const string JournalMode = "journal_mode";
        public const string Synchronous = "synchronous";
        public const string CacheSize = "cache_size";
        public const string TempStore = "temp_store";
        public const string MmapSize = "mmap_size";
        public const string BusyTimeout = "busy_timeout";
        public const string ForeignKeys = "foreign_keys";
        public const string AutoVacuum = "auto_vacuum";
        public const string JournalSizeLimit = "journal_size_limit";
        public const string WalAutoCheckpoint = "wal_autocheckpoint";

        public static readonly string[] All =
        {
            JournalMode, Synchronous, CacheSize, TempStore, MmapSize, BusyTimeout, ForeignKeys, AutoVacuum, JournalSizeLimit, WalAutoCheckpoint,
        };
    }
}
