using System;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>The stages of a migration, in order.</summary>
    public enum MigrationStage
    {
        /// <summary>Reading the SQLite schema and the kinds of values in each column.</summary>
        Planning,

        /// <summary>Creating the tables in PostgreSQL.</summary>
        Creating,

        /// <summary>Copying a table's rows with binary COPY.</summary>
        Copying,

        /// <summary>Creating indexes and foreign keys after the data.</summary>
        Indexing,

        /// <summary>Counting and checksumming a table on both sides.</summary>
        Verifying,

        /// <summary>Done.</summary>
        Completed,
    }

    /// <summary>Where a migration is: the stage, the table (x of y) and its rows so far.</summary>
    public readonly record struct MigrationProgress(
        MigrationStage Stage,
        string? Table,
        int TableNumber,
        int TableCount,
        long Rows,
        long TotalRows,
        TimeSpan Elapsed)
    {
        /// <summary>Rows per second of the current table so far (0 before the first batch).</summary>
        public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;
    }
}
