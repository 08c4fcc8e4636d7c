using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OmniSqlite
{
    /// <summary>Opens pooled connections to one database with a profile applied. Registered by <c>services.AddOmniSqlite(...)</c>.</summary>
    public interface ISqliteConnectionFactory
    {
        /// <summary>The connection string every connection uses.</summary>
        string ConnectionString { get; }

        /// <summary>The profile every connection gets.</summary>
        SqliteProfile Profile { get; }

        /// <summary>An open connection with <see cref="Profile"/> applied; dispose it when done (it goes back to the pool).</summary>
        SqliteConnection Open();

        /// <summary>Async twin of <see cref="Open"/>.</summary>
        Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default);
    }

    /// <summary>
    /// The <see cref="ISqliteConnectionFactory"/> over <see cref="SqliteProfile.Open(string, ILogger)"/>: the profile is applied once per
    /// pooled native handle, so an open per request costs about what a plain pooled open costs.
    /// </summary>
    public sealed class SqliteConnectionFactory : ISqliteConnectionFactory
    {
        private readonly ILogger? _logger;

        public SqliteConnectionFactory(string connectionString, SqliteProfile? profile = null, ILogger? logger = null)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new ArgumentException("The connection string is empty; give one such as \"Data Source=/var/lib/app/app.db\".", nameof(connectionString));
            ConnectionString = connectionString;
            Profile = profile ?? SqliteProfile.Production;
            _logger = logger;
        }

        public string ConnectionString { get; }

        public SqliteProfile Profile { get; }

        public SqliteConnection Open() => Profile.Open(ConnectionString, _logger);

        public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default) => Profile.OpenAsync(ConnectionString, _logger, cancellationToken);
    }
}
