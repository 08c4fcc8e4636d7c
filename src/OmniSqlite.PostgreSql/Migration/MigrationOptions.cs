using System;
using System.Collections.Generic;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>What to do when the target database already has tables.</summary>
    public enum ExistingTarget
    {
        /// <summary>Refuse a target with any table in its schema (the default): nothing is changed.</summary>
        Refuse,

        /// <summary>Continue an earlier run: tables its <c>_omnisqlite_migration</c> table marks done are kept (and verified), the others are emptied and copied again.</summary>
        Resume,

        /// <summary>Drop the tables this migration creates (and its state table), then start over. Other tables are left alone.</summary>
        DropExisting,
    }

    /// <summary>Options of <see cref="SqliteToPostgres.MigrateAsync"/>; validated once when the migration starts.</summary>
    public sealed class MigrationOptions
    {
        /// <summary>Rows per binary COPY command (each table is still copied in one transaction). Default 10,000.</summary>
        public int BatchSize { get; set; } = 10_000;

        /// <summary>What to do with a target that already has tables. Default <see cref="ExistingTarget.Refuse"/>.</summary>
        public ExistingTarget ExistingTarget { get; set; } = ExistingTarget.Refuse;

        /// <summary>Only verify (row counts and checksums of every table against the target); copy nothing, create nothing.</summary>
        public bool VerifyOnly { get; set; }

        /// <summary>
        /// PostgreSQL types chosen by hand, keyed <c>table.column</c> (case-insensitive): <c>bigint</c>, <c>boolean</c>,
        /// <c>double precision</c>, <c>numeric</c>, <c>numeric(p,s)</c>, <c>text</c>, <c>bytea</c>, <c>timestamptz</c>,
        /// <c>timestamp</c>, <c>date</c>, <c>uuid</c>, <c>interval</c>, <c>json</c>. They win over what the declared types say.
        /// </summary>
        public IDictionary<string, string> ColumnTypes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>How long to wait for a SQLite file another process has locked. Default 5 seconds.</summary>
        public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

        internal void Validate()
        {
            if (BatchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "MigrationOptions.BatchSize must be at least 1 (rows per COPY command; 10000 is a good default).");
            }

            if (!Enum.IsDefined(ExistingTarget))
            {
                throw new ArgumentOutOfRangeException(nameof(ExistingTarget), ExistingTarget, "MigrationOptions.ExistingTarget must be Refuse, Resume or DropExisting.");
            }

            if (SqliteBusyTimeout < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(SqliteBusyTimeout), SqliteBusyTimeout, "MigrationOptions.SqliteBusyTimeout cannot be negative.");
            }
        }
    }
}
