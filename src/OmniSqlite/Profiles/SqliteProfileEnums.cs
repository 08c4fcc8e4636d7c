namespace OmniSqlite
{
    /// <summary>Values of <c>PRAGMA journal_mode</c>.</summary>
    public enum SqliteJournalMode
    {
        /// <summary>Rollback journal deleted at each commit (SQLite's default).</summary>
        Delete,
        /// <summary>Rollback journal truncated at each commit.</summary>
        Truncate,
        /// <summary>Rollback journal header zeroed at each commit.</summary>
        Persist,
        /// <summary>Rollback journal in memory: a crash mid-transaction can corrupt the database.</summary>
        Memory,
        /// <summary>Write-ahead log: readers do not block the writer. Persists in the database file.</summary>
        Wal,
        /// <summary>No journal: no rollback, no crash safety.</summary>
        Off,
    }

    /// <summary>Values of <c>PRAGMA synchronous</c>.</summary>
    public enum SqliteSynchronous
    {
        /// <summary>No fsync: an OS crash or power loss can corrupt the database.</summary>
        Off = 0,
        /// <summary>With WAL: durable except the last transactions before a power loss; never corrupt.</summary>
        Normal = 1,
        /// <summary>fsync at every commit (SQLite's default).</summary>
        Full = 2,
        /// <summary>Like Full, and also syncs the directory after a rollback journal is unlinked.</summary>
        Extra = 3,
    }

    /// <summary>Values of <c>PRAGMA temp_store</c>.</summary>
    public enum SqliteTempStore
    {
        /// <summary>As compiled in (a file for the bundled SQLite).</summary>
        Default = 0,
        /// <summary>Temporary tables and indexes in files.</summary>
        File = 1,
        /// <summary>Temporary tables and indexes in memory.</summary>
        Memory = 2,
    }

    /// <summary>Values of <c>PRAGMA auto_vacuum</c>. It can only change on a new, empty database (or by a VACUUM).</summary>
    public enum SqliteAutoVacuum
    {
        /// <summary>Freed pages stay in the file on the freelist (SQLite's default).</summary>
        None = 0,
        /// <summary>Freed pages are returned to the OS at every commit.</summary>
        Full = 1,
        /// <summary>Freed pages are returned when <c>PRAGMA incremental_vacuum</c> runs (see <c>IncrementalVacuum</c>).</summary>
        Incremental = 2,
    }

    /// <summary>What opening a WAL database on a network filesystem does.</summary>
    public enum NetworkFileSystemPolicy
    {
        /// <summary>Throw <see cref="NetworkFileSystemException"/> and open nothing (the default).</summary>
        Refuse,
        /// <summary>Use <c>journal_mode=DELETE</c> instead of WAL and log a warning.</summary>
        FallBackToDelete,
        /// <summary>Use WAL anyway and log a warning (only safe when a single host ever opens the file).</summary>
        Allow,
    }

    /// <summary>Modes of <c>PRAGMA wal_checkpoint</c>.</summary>
    public enum SqliteCheckpointMode
    {
        /// <summary>Checkpoint as much as possible without waiting for readers or writers.</summary>
        Passive,
        /// <summary>Wait for the writer, then checkpoint everything readers allow.</summary>
        Full,
        /// <summary>Like Full, and wait for readers so the next writer restarts the WAL from the beginning.</summary>
        Restart,
        /// <summary>Like Restart, and truncate the WAL file to zero bytes.</summary>
        Truncate,
    }
}
