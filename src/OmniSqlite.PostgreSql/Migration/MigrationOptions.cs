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

        /// <summary>
        /// Takes the PostgreSQL types of the application's entities (<c>OmniSqliteSchema.PostgreSqlTables</c>, generated with
        /// the PostgreSql dialect on) for the columns the SQLite file alone cannot type: OmniSqlite stores <c>bool</c> and
        /// <c>TimeSpan</c> as INTEGER and <c>Guid</c> as a 16-byte BLOB, which the entities know are boolean, interval and uuid.
        /// Only those three are taken; columns the file does not have are skipped; <see cref="ColumnTypes"/> wins where both name a column.
        /// </summary>
        public MigrationOptions UseEntityTypes(IEnumerable<PostgreSqlTableDefinition> tables)
        {
            ArgumentNullException.ThrowIfNull(tables);
            foreach (PostgreSqlTableDefinition table in tables)
            {
                foreach (PostgreSqlColumnDefinition column in table.Columns)
                {
                    // Only what the file cannot say; integers, decimals, text, reals and dates keep what its declarations and values give.
                    if (TypeOf(column.Definition) is { } type && PostgresType.Parse(type) is { Kind: ColumnKind.Boolean or ColumnKind.Uuid or ColumnKind.Interval })
                    {
                        EntityTypes[table.Name + "." + column.Name] = type;
                    }
                }
            }

            return this;
        }

        /// <summary>The types <see cref="UseEntityTypes"/> took, keyed <c>table.column</c>.</summary>
        internal Dictionary<string, string> EntityTypes { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The type in a generated column definition: what follows the quoted name, up to the constraints.</summary>
        private static string? TypeOf(string definition)
        {
            int i = definition.StartsWith('"') ? 1 : -1;
            while (i > 0 && i < definition.Length)
            {
                if (definition[i] == '"' && (i + 1 == definition.Length || definition[i + 1] != '"'))
                {
                    break;
                }

                i += definition[i] == '"' ? 2 : 1;
            }

            if (i <= 0 || i >= definition.Length)
            {
                return null;
            }

            string rest = definition.Substring(i + 1).Trim();
            foreach (string constraint in new[] { " GENERATED ", " PRIMARY KEY", " NOT NULL", " DEFAULT ", " REFERENCES " })
            {
                int at = (" " + rest).IndexOf(constraint, StringComparison.Ordinal);
                if (at >= 0)
                {
                    rest = rest.Substring(0, Math.Max(0, at - 1));
                }
            }

            return rest.Trim().Length == 0 ? null : rest.Trim();
        }

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
