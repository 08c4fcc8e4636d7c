using System;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>Why a migration stopped; see <see cref="PostgresMigrationException.Reason"/>.</summary>
    public enum MigrationFailure
    {
        /// <summary>The SQLite file is missing, not a database, corrupt or locked.</summary>
        SourceUnreadable,

        /// <summary>The PostgreSQL connection string cannot be parsed.</summary>
        InvalidConnectionString,

        /// <summary>PostgreSQL could not be reached or refused the login.</summary>
        TargetUnreachable,

        /// <summary>The target has tables and no <see cref="ExistingTarget"/> choice allows using it.</summary>
        TargetNotEmpty,

        /// <summary>Values that cannot be converted to the PostgreSQL type chosen (found before anything was written).</summary>
        UnsupportedData,

        /// <summary>PostgreSQL refused part of the copy; that table's transaction was rolled back.</summary>
        CopyFailed,
    }

    /// <summary>A migration refused or stopped, with what was wrong and what to do; tables already finished stay finished.</summary>
    public sealed class PostgresMigrationException : Exception
    {
        public PostgresMigrationException(MigrationFailure reason, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Reason = reason;
        }

        /// <summary>What kind of problem stopped the migration.</summary>
        public MigrationFailure Reason { get; }
    }
}
