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
        // What GetDatabaseInfo asks SQLite, in the order Build reads the answers.
        private static readonly string[] InfoQueries =
        {
            "SELECT sqlite_version()",
            "PRAGMA journal_mode",
            "PRAGMA synchronous",
            "PRAGMA cache_size",
            "PRAGMA page_size",
            "PRAGMA page_count",
            "PRAGMA freelist_count",
            "PRAGMA auto_vacuum",
            "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            "SELECT count(*) FROM main.sqlite_schema WHERE type = 'index'",
        };

        /// <summary>Reads journal mode, synchronous, cache and page figures, table and index counts, and file sizes (db, -wal, -shm).</summary>
        public static DatabaseInfo GetDatabaseInfo(this SqliteConnection connection)
        {
            Sql.RequireOpen(connection, "GetDatabaseInfo");
            var answers = new object?[InfoQueries.Length];
            for (int i = 0; i < answers.Length; i++) answers[i] = Sql.Scalar(connection, InfoQueries[i]);
            return Build(connection, answers);
        }

        /// <summary>Async twin of <see cref="GetDatabaseInfo"/> (Microsoft.Data.Sqlite's ExecuteScalarAsync for each figure).</summary>
        public static async Task<DatabaseInfo> GetDatabaseInfoAsync(this SqliteConnection connection, CancellationToken cancellationToken = default)
        {
            Sql.RequireOpen(connection, "GetDatabaseInfo");
            var answers = new object?[InfoQueries.Length];
            for (int i = 0; i < answers.Length; i++)
            {
                using var command = connection.CreateCommand();
                command.CommandText = InfoQueries[i];
                var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                answers[i] = value is DBNull ? null : value;
            }
            return Build(connection, answers);
        }

        private static DatabaseInfo Build(SqliteConnection connection, object?[] a)
        {
            static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
            var dataSource = connection.DataSource ?? "";
            long? db = null, wal = null, shm = null;
            if (dataSource.Length > 0)
            {
                db = Size(dataSource);
                wal = Size(dataSource + "-wal");
                shm = Size(dataSource + "-shm");
            }
            return new DatabaseInfo(dataSource, Sql.Text(a[0]), Sql.Text(a[1]).ToLowerInvariant(), (SqliteSynchronous)Long(a[2]), (int)Long(a[3]),
                Long(a[4]), Long(a[5]), Long(a[6]), (SqliteAutoVacuum)Long(a[7]), (int)Long(a[8]), (int)Long(a[9]), db, wal, shm);
        }

        private static long? Size(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? file.Length : null;
        }
    }
}
