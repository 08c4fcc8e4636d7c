using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OmniSqlite
{
    /// <summary>Applies a <see cref="SqliteProfile"/> to a connection you opened yourself.</summary>
    public static class SqliteProfileExtensions
    {
        /// <summary>
        /// Sets every PRAGMA of <paramref name="profile"/> on the open <paramref name="connection"/>, reads each one back, and returns what
        /// SQLite reported. Throws <see cref="SqliteProfileException"/> naming the PRAGMA that did not take (for example WAL on a read-only
        /// database) and <see cref="NetworkFileSystemException"/> when WAL is asked for on a network filesystem under the Refuse policy.
        /// auto_vacuum is only set on a new, empty database; on an existing one a difference is reported in the result, never fixed by a VACUUM.
        /// The PRAGMAs are set and read back once per native handle (the pooled <c>sqlite3</c>): calling it again on a handle that already
        /// has this profile costs two C calls (busy_timeout set again, foreign_keys read to detect other code's changes). Per-connection
        /// PRAGMAs stay with the pooled handle; prefer <see cref="SqliteProfile.Open(string, ILogger)"/>, whose connection checks them on every reopen.
        /// </summary>
        public static ProfileReport ApplyProfile(this SqliteConnection connection, SqliteProfile profile, ILogger? logger = null)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            if (profile is null) throw new ArgumentNullException(nameof(profile));
            ProfileApplier.RequireNoTransaction(connection);
            return ProfileApplier.EnsureApplied(connection, profile, logger, null);
        }

        /// <summary>Async twin of <see cref="ApplyProfile"/>.</summary>
        public static Task<ProfileReport> ApplyProfileAsync(this SqliteConnection connection, SqliteProfile profile, CancellationToken cancellationToken = default)
            => ApplyProfileAsync(connection, profile, null, cancellationToken);

        /// <summary>Async twin of <see cref="ApplyProfile"/>, logging through <paramref name="logger"/>.</summary>
        public static Task<ProfileReport> ApplyProfileAsync(this SqliteConnection connection, SqliteProfile profile, ILogger? logger, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ApplyProfile(connection, profile, logger));
        }
    }
}
