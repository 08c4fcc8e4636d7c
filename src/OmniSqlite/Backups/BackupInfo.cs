using System;

namespace OmniSqlite
{
    /// <summary>A completed backup as <see cref="SqliteBackups.List()"/> reports it (from its metadata file beside it).</summary>
    public sealed class BackupInfo
    {
        /// <summary>Full path of the backup file (<c>.db</c> or <c>.db.gz</c>).</summary>
        public string Path { get; set; } = "";

        /// <summary>Full path of the metadata file beside it (<c>&lt;backup&gt;.meta</c>).</summary>
        public string MetadataPath { get; set; } = "";

        /// <summary>The database's name (its file name without extension), which groups backups for retention.</summary>
        public string Database { get; set; } = "";

        /// <summary>The path of the database that was backed up, as the source connection reported it.</summary>
        public string SourcePath { get; set; } = "";

        /// <summary>When the backup was taken (UTC, from the clock of the machine that took it).</summary>
        public DateTime CreatedUtc { get; set; }

        /// <summary>Increases with every backup of the database in this directory, whatever the clock says.</summary>
        public long Sequence { get; set; }

        public BackupMethod Method { get; set; }

        /// <summary>True when the file is gzip-compressed.</summary>
        public bool Compressed { get; set; }

        /// <summary>Size of the database copy before compression.</summary>
        public long DatabaseBytes { get; set; }

        /// <summary>Size of the backup file as stored.</summary>
        public long FileBytes { get; set; }

        /// <summary>Page count of the copy.</summary>
        public long Pages { get; set; }

        public int PageSize { get; set; }

        /// <summary>True when <c>PRAGMA integrity_check</c> passed on the copy before it was published.</summary>
        public bool Verified { get; set; }

        /// <summary>SHA-256 of the backup file as stored, lower-case hex.</summary>
        public string Sha256 { get; set; } = "";

        public override string ToString() => $"{System.IO.Path.GetFileName(Path)} ({CreatedUtc:u}, {FileBytes} bytes{(Verified ? ", verified" : "")})";
    }
}
