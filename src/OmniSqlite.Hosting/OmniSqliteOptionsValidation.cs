using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OmniSqlite.Hosting
{
    /// <summary>Checks <see cref="OmniSqliteOptions"/> when the host starts; nothing is opened or created while checking.</summary>
    internal sealed class ValidateOmniSqliteOptions : IValidateOptions<OmniSqliteOptions>
    {
        private readonly IHostEnvironment? _environment;

        public ValidateOmniSqliteOptions(IServiceProvider services) => _environment = services.GetService<IHostEnvironment>();

        public ValidateOptionsResult Validate(string? name, OmniSqliteOptions options)
        {
            var errors = Errors(options, _environment?.IsProduction() == true);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        internal static List<string> Errors(OmniSqliteOptions options, bool isProduction)
        {
            var errors = new List<string>(options.ConfigurationErrors);
            if (options.Profile is null)
                errors.Add("OmniSqlite: Profile is null. Use SqliteProfile.Production (the default) or SqliteProfile.Default.");
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.Add($"OmniSqlite: no connection string. Set ConnectionStrings:{OmniSqliteOptions.ConnectionStringName} in configuration " +
                           "(e.g. \"Data Source=/var/lib/app/app.db\") or o.ConnectionString in services.AddOmniSqlite(o => ...).");
                return errors;
            }

            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is InvalidOperationException)
            {
                errors.Add($"OmniSqlite: the connection string is not valid ({e.Message}). Example: \"Data Source=/var/lib/app/app.db\".");
                return errors;
            }

            var dataSource = builder.DataSource;
            if (!IsFile(builder))
            {
                if (string.IsNullOrEmpty(dataSource))
                    errors.Add("OmniSqlite: the connection string has no Data Source, so every connection would get its own temporary database. " +
                               "Set Data Source to a file, e.g. \"Data Source=/var/lib/app/app.db\" (or \"Data Source=:memory:\" on purpose).");
                return errors;
            }

            if (!Path.IsPathRooted(dataSource))
            {
                if (isProduction)
                {
                    errors.Add($"OmniSqlite: the database path '{dataSource}' is relative. In Production it would resolve against the working directory " +
                               $"('{Directory.GetCurrentDirectory()}'), which in a container is inside the image and lost on every redeploy. " +
                               "Use an absolute path on a mounted volume, e.g. \"Data Source=/data/app.db\" with the volume mounted at /data.");
                    return errors;
                }
                dataSource = Path.GetFullPath(dataSource);
            }

            var folder = Path.GetDirectoryName(dataSource);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                errors.Add($"OmniSqlite: the folder '{folder}' of the database '{dataSource}' does not exist. Create it (or mount the volume there) " +
                           "before the app starts, or fix the Data Source. Nothing was created.");
                return errors;
            }

            var profile = options.Profile;
            if (profile is not null && profile.JournalMode == SqliteJournalMode.Wal && profile.OnNetworkFileSystem == NetworkFileSystemPolicy.Refuse)
            {
                var check = NetworkFileSystemGuard.Check(dataSource, profile.MountTable);
                if (check.IsNetwork)
                    errors.Add($"OmniSqlite: the database '{check.DatabasePath}' is on a network filesystem ({check.Mount}). WAL needs shared memory " +
                               "that network filesystems do not give, so the database can be corrupted. Move it to a local disk or volume, or use a profile " +
                               "WithNetworkFileSystemPolicy(NetworkFileSystemPolicy.FallBackToDelete).");
            }
            return errors;
        }

        /// <summary>True when the connection string names a file path (not :memory:, not a file: URI, not Mode=Memory).</summary>
        internal static bool IsFile(SqliteConnectionStringBuilder builder)
        {
            var dataSource = builder.DataSource;
            return !string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory
                && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && dataSource.IndexOf('|') < 0;
        }
    }
}
