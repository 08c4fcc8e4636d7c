using System;
using System.Collections.Generic;
using System.Linq;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>What a migration did and proved: one entry per table, and the notes on what was not carried over.</summary>
    public sealed class MigrationResult
    {
        internal MigrationResult(IReadOnlyList<TableMigrationResult> tables, IReadOnlyList<string> notes, TimeSpan elapsed)
        {
            Tables = tables;
            Notes = notes;
            Elapsed = elapsed;
        }

        /// <summary>Every migrated table, in the SQLite file's order.</summary>
        public IReadOnlyList<TableMigrationResult> Tables { get; }

        /// <summary>What was decided or left out: inferred types, views, triggers, virtual tables, defaults, indexes or foreign keys PostgreSQL refused.</summary>
        public IReadOnlyList<string> Notes { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>Every table has the same row count and checksum on both sides.</summary>
        public bool IsVerified => Tables.All(t => t.IsVerified);

        /// <summary>The tables whose row count or checksum differ.</summary>
        public IEnumerable<TableMigrationResult> Mismatches => Tables.Where(t => !t.IsVerified);
    }

    /// <summary>One table: its columns' types, the copy's figures and both sides' counts and checksums.</summary>
    public sealed class TableMigrationResult
    {
        internal TableMigrationResult(string name, IReadOnlyList<ColumnMigration> columns)
        {
            Name = name;
            Columns = columns;
        }

        public string Name { get; }

        public IReadOnlyList<ColumnMigration> Columns { get; }

        /// <summary>Copied by this run (false: finished by an earlier run and kept, or <see cref="MigrationOptions.VerifyOnly"/>).</summary>
        public bool Copied { get; internal set; }

        public long SqliteRows { get; internal set; }

        /// <summary>Rows found in PostgreSQL; -1 when the table does not exist there.</summary>
        public long PostgresRows { get; internal set; }

        /// <summary>The checksum of the converted SQLite rows (sum of SHA-256 of each row's canonical form, 64 hex digits).</summary>
        public string SqliteChecksum { get; internal set; } = "";

        /// <summary>The same checksum over the rows read back from PostgreSQL through Npgsql.</summary>
        public string PostgresChecksum { get; internal set; } = "";

        /// <summary>The time the copy took (zero when not copied by this run).</summary>
        public TimeSpan CopyTime { get; internal set; }

        public double RowsPerSecond => CopyTime.TotalSeconds > 0 ? SqliteRows / CopyTime.TotalSeconds : 0;

        /// <summary>Time values cut to PostgreSQL's microsecond precision (OmniSqlite writes 100 ns ticks).</summary>
        public long TruncatedValues { get; internal set; }

        public bool IsVerified => PostgresRows == SqliteRows && string.Equals(SqliteChecksum, PostgresChecksum, StringComparison.Ordinal);
    }

    /// <summary>A column: its SQLite declaration and the PostgreSQL type it got.</summary>
    public sealed record ColumnMigration(string Name, string SqliteType, string PostgresType);
}
