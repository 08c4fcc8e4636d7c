using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OmniSqlite.Internal;

namespace OmniSqlite
{
    /// <summary>A snapshot of a database's settings and sizes, as SQLite reports them. <see cref="ToString"/> gives a readable summary.</summary>
    public sealed class DatabaseInfo
    {
        public DatabaseInfo(
            string dataSource, string sqliteVersion, string journalMode, SqliteSynchronous synchronous, int cacheSize, long pageSize, long pageCount,
            long freelistCount, SqliteAutoVacuum autoVacuum, int tableCount, int indexCount, long? databaseFileSize, long? walFileSize, long? shmFileSize)
        {
            DataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
            SqliteVersion = sqliteVersion ?? throw new ArgumentNullException(nameof(sqliteVersion));
            JournalMode = journalMode ?? throw new ArgumentNullException(nameof(journalMode));
            Synchronous = synchronous;
            CacheSize = cacheSize;
            PageSize = pageSize;
            PageCount = pageCount;
            FreelistCount = freelistCount;
            AutoVacuum = autoVacuum;
            TableCount = tableCount;
            IndexCount = indexCount;
            DatabaseFileSize = databaseFileSize;
            WalFileSize = walFileSize;
            ShmFileSize = shmFileSize;
        }

        /// <summary>The database file (empty for an in-memory database).</summary>
        public string DataSource { get; }
        /// <summary><c>sqlite_version()</c> of the SQLite library in use.</summary>
        public string SqliteVersion { get; }
        /// <summary><c>PRAGMA journal_mode</c> as SQLite prints it (<c>wal</c>, <c>delete</c>, <c>memory</c>, ...).</summary>
        public string JournalMode { get; }
        public SqliteSynchronous Synchronous { get; }
        /// <summary><c>PRAGMA cache_size</c>: pages when positive, KiB when negative.</summary>
        public int CacheSize { get; }
        public long PageSize { get; }
        public long PageCount { get; }
        /// <summary>Unused pages inside the file (what <c>IncrementalVacuum</c> or VACUUM would give back).</summary>
        public long FreelistCount { get; }
        public SqliteAutoVacuum AutoVacuum { get; }
        /// <summary>Tables in the main schema, not counting SQLite's own (sqlite_sequence, sqlite_stat1, ...).</summary>
        public int TableCount { get; }
        /// <summary>Indexes in the main schema, counting those SQLite creates for UNIQUE and PRIMARY KEY constraints (sqlite_autoindex_*).</summary>
        public int IndexCount { get; }
        /// <summary>Size of the database file in bytes; null for an in-memory database.</summary>
        public long? DatabaseFileSize { get; }
        /// <summary>Size of the -wal file in bytes; null when there is none.</summary>
        public long? WalFileSize { get; }
        /// <summary>Size of the -shm file in bytes; null when there is none.</summary>
        public long? ShmFileSize { get; }

        /// <summary>page_size × page_count: the logical size of the database.</summary>
        public long DatabaseSize => PageSize * PageCount;
        /// <summary>page_size × freelist_count: bytes held by unused pages.</summary>
        public long FreeBytes => PageSize * FreelistCount;
        public bool IsInMemory => DataSource.Length == 0;

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append("SQLite ").Append(SqliteVersion).Append(" database ").Append(IsInMemory ? "(in-memory)" : DataSource).Append('\n');
            sb.Append("  journal_mode=").Append(JournalMode)
              .Append(", synchronous=").Append(Synchronous.ToString().ToUpperInvariant())
              .Append(", auto_vacuum=").Append(AutoVacuum.ToString().ToUpperInvariant())
              .Append(", cache_size=").Append(CacheSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("  ").Append(PageCount.ToString(CultureInfo.InvariantCulture)).Append(" pages of ").Append(PageSize.ToString(CultureInfo.InvariantCulture))
              .Append(" bytes = ").Append(Bytes(DatabaseSize)).Append(", ").Append(FreelistCount.ToString(CultureInfo.InvariantCulture))
              .Append(" free (").Append(Bytes(FreeBytes)).Append(")\n");
            sb.Append("  ").Append(TableCount.ToString(CultureInfo.InvariantCulture)).Append(" tables, ")
              .Append(IndexCount.ToString(CultureInfo.InvariantCulture)).Append(" indexes\n");
            sb.Append("  files: db ").Append(Bytes(DatabaseFileSize)).Append(", -wal ").Append(Bytes(WalFileSize)).Append(", -shm ").Append(Bytes(ShmFileSize));
            return sb.ToString();
        }

        private static string Bytes(long? value)
        {
            if (value is null) return "none";
            var v = value.Value;
            if (v < 1024) return v.ToString(CultureInfo.InvariantCulture) + " B";
            if (v < 1024 * 1024) return (v / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";
            if (v < 1024L * 1024 * 1024) return (v / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
            return (v / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB";
        }
    }

    /// <summary><c>connection.GetDatabaseInfo()</c>.</summary>
    public static class DatabaseInfoExtensions
    {
        /// <summary>Reads journal mode, synchronous, cache and page figures, table and index counts, and file sizes (db, -wal, -shm).</summary>
        public static DatabaseInfo GetDatabaseInfo(this SqliteConnection connection)
        {
            Sql.RequireOpen(connection, "GetDatabaseInfo");
            var dataSource = connection.DataSource ?? "";
            var version = Sql.Text(Sql.Scalar(connection, "SELECT sqlite_version()"));
            var journalMode = Sql.Text(Sql.Scalar(connection, "PRAGMA journal_mode")).ToLowerInvariant();
            var synchronous = (SqliteSynchronous)Sql.ScalarLong(connection, "PRAGMA synchronous");
            var cacheSize = (int)Sql.ScalarLong(connection, "PRAGMA cache_size");
            var pageSize = Sql.ScalarLong(connection, "PRAGMA page_size");
            var pageCount = Sql.ScalarLong(connection, "PRAGMA page_count");
            var freelist = Sql.ScalarLong(connection, "PRAGMA freelist_count");
            var autoVacuum = (SqliteAutoVacuum)Sql.ScalarLong(connection, "PRAGMA auto_vacuum");
            var tables = (int)Sql.ScalarLong(connection, "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
            var indexes = (int)Sql.ScalarLong(connection, "SELECT count(*) FROM main.sqlite_schema WHERE type = 'index'");
            long? db = null, wal = null, shm = null;
            if (dataSource.Length > 0)
            {
                db = Size(dataSource);
                wal = Size(dataSource + "-wal");
                shm = Size(dataSource + "-shm");
            }
            return new DatabaseInfo(dataSource, version, journalMode, synchronous, cacheSize, pageSize, pageCount, freelist, autoVacuum, tables, indexes, db, wal, shm);
        }

        /// <summary>Async twin of <see cref="GetDatabaseInfo"/>.</summary>
        public static Task<DatabaseInfo> GetDatabaseInfoAsync(this SqliteConnection connection, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(GetDatabaseInfo(connection));
        }

        private static long? Size(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? file.Length : null;
        }
    }
}
