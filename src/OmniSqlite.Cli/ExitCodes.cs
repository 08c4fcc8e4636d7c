using System;
using System.IO;

namespace OmniSqlite.Cli
{
    /// <summary>The process exit codes of <c>omnisqlite</c>; scripts may rely on them (docs/backups.md).</summary>
    public static class ExitCodes
    {
        /// <summary>Done.</summary>
        public const int Success = 0;

        /// <summary>An unexpected failure: I/O error, SQLite error, bug.</summary>
        public const int Failure = 1;

        /// <summary>Bad command line or option values; nothing was done.</summary>
        public const int Usage = 2;

        /// <summary>A backup or database failed verification: not SQLite, truncated, corrupt, or checksum mismatch.</summary>
        public const int VerificationFailed = 3;

        /// <summary>The database, backup file or backup directory does not exist, or there is no backup to use.</summary>
        public const int NotFound = 4;

        /// <summary>Refused to act: the restore target exists and --force was not given, or it is in use.</summary>
        public const int Refused = 5;

        /// <summary>Cancelled (Ctrl+C or SIGTERM); nothing partial was published.</summary>
        public const int Cancelled = 130;

        /// <summary>The exit code for an exception, by its type: the library's typed exceptions and the CLI's own, never by message.</summary>
        public static int For(Exception exception) => exception switch
        {
            CliException cli => cli.ExitCode,
            OperationCanceledException => Cancelled,
            BackupVerificationException => VerificationFailed,
            FileNotFoundException or DirectoryNotFoundException => NotFound,
            ArgumentException => Usage,
            // Until the backups raise a typed refusal everywhere, the restore refusals are InvalidOperationException.
            InvalidOperationException => Refused,
            _ => Failure,
        };
    }
}
