using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSqlite;
using OmniSqlite.Hosting;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registration of OmniSqlite connections: <c>services.AddOmniSqlite(o => ...)</c> or <c>services.AddOmniSqlite(configuration)</c>.</summary>
    public static class OmniSqliteServiceCollectionExtensions
    {
        /// <summary>
        /// Registers <see cref="ISqliteConnectionFactory"/> (singleton; the profile applied once per pooled handle), a scoped
        /// <see cref="SqliteConnection"/> (opened on first use in a scope, disposed with the scope), and a start-up step that opens the
        /// database once and runs <see cref="OmniSqliteOptions.InitializeSchema"/>. The options are validated when the host starts:
        /// a missing or relative (in Production) path, a missing folder or a network filesystem stop the start with the reason.
        /// Generated repositories take the connection in their constructor, so register each one per scope: <c>services.AddScoped&lt;CampaignRepository&gt;()</c>.
        /// </summary>
        /// <example><code>
        /// services.AddOmniSqlite(o =>
        /// {
        ///     o.ConnectionString = "Data Source=/var/lib/app/app.db";
        ///     o.Profile = SqliteProfile.Production;
        ///     o.EnsureCreated(OmniSqliteSchema.Tables);
        /// });
        /// services.AddScoped&lt;CampaignRepository&gt;();
        /// </code></example>
        public static IServiceCollection AddOmniSqlite(this IServiceCollection services, Action<OmniSqliteOptions> configure)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (configure is null) throw new ArgumentNullException(nameof(configure));
            AddCore(services).Configure(configure);
            return services;
        }

        /// <summary>
        /// Like <see cref="AddOmniSqlite(IServiceCollection, Action{OmniSqliteOptions})"/>, reading the options from configuration:
        /// <c>ConnectionStrings:OmniSqlite</c>, and the <c>OmniSqlite</c> section: <c>Profile</c> (<c>Production</c> or <c>Default</c>),
        /// <c>Pragmas</c> (name: value, as <see cref="SqliteProfile.WithPragma"/> takes them), <c>WriteLockTimeout</c> and
        /// <c>SlowQueryThreshold</c> (<c>hh:mm:ss.fff</c>), <c>NetworkFileSystemPolicy</c>, and <c>Backups</c> (<c>Directory</c>,
        /// <c>Schedule</c>, <c>Keep</c>, <c>RunOnStart</c>: scheduled backups when Directory is set). <paramref name="configure"/> runs after.
        /// </summary>
        public static IServiceCollection AddOmniSqlite(this IServiceCollection services, IConfiguration configuration, Action<OmniSqliteOptions>? configure = null)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (configuration is null) throw new ArgumentNullException(nameof(configuration));
            var builder = AddCore(services).Configure(o => Bind(o, configuration));
            if (configure is not null) builder.Configure(configure);

            var backups = configuration.GetSection(OmniSqliteOptions.SectionName).GetSection("Backups");
            if (!string.IsNullOrWhiteSpace(backups["Directory"]))
            {
                services.AddOmniSqliteBackups(b =>
                {
                    b.Backup.Directory = backups["Directory"]!;
                    if (backups["Schedule"] is { Length: > 0 } schedule) b.Schedule = schedule;
                    if (backups["Keep"] is { Length: > 0 } keep) b.Backup.Keep = int.TryParse(keep, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) ? k : -1;
                    if (backups["RunOnStart"] is { Length: > 0 } run) b.RunOnStart = string.Equals(run, "true", StringComparison.OrdinalIgnoreCase);
                });
                // The database to back up is the one the connections use, after its path was resolved; the directory follows the same rules.
                services.AddOptions<OmniSqliteBackupServiceOptions>()
                    .Configure<IOptions<OmniSqliteOptions>>((b, o) => b.Database = o.Value.ConnectionString)
                    .PostConfigure<IServiceProvider>(ResolveRelativeBackupDirectory);
                services.AddSingleton<IValidateOptions<OmniSqliteBackupServiceOptions>, ValidateBackupDirectory>();
            }
            return services;
        }

        private static OptionsBuilder<OmniSqliteOptions> AddCore(IServiceCollection services)
        {
            var options = services.AddOptions<OmniSqliteOptions>();
            if (services.Any(d => d.ServiceType == typeof(ISqliteConnectionFactory))) return options;

            options.PostConfigure<IServiceProvider>(ResolveRelativePath).ValidateOnStart();
            services.AddSingleton<IValidateOptions<OmniSqliteOptions>, ValidateOmniSqliteOptions>();
            services.TryAddSingleton<ISqliteConnectionFactory>(CreateFactory);
            services.TryAddScoped(OpenScoped);
            services.AddHostedService<OmniSqliteStartup>();
            return options;
        }

        private static ISqliteConnectionFactory CreateFactory(IServiceProvider provider)
        {
            var options = provider.GetRequiredService<IOptions<OmniSqliteOptions>>().Value;
            var logger = provider.GetService<ILoggerFactory>()?.CreateLogger("OmniSqlite");
            return new SqliteConnectionFactory(options.ConnectionString, options.Profile, logger);
        }

        private static SqliteConnection OpenScoped(IServiceProvider provider) => provider.GetRequiredService<ISqliteConnectionFactory>().Open();

        /// <summary>Outside Production a relative Data Source resolves against the content root, not the working directory.</summary>
        private static void ResolveRelativePath(OmniSqliteOptions options, IServiceProvider provider)
        {
            var environment = provider.GetService<IHostEnvironment>();
            if (environment is null || environment.IsProduction() || string.IsNullOrWhiteSpace(options.ConnectionString)) return;
            SqliteConnectionStringBuilder builder;
            try { builder = new SqliteConnectionStringBuilder(options.ConnectionString); }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is InvalidOperationException) { return; } // the validator reports it
            if (!ValidateOmniSqliteOptions.IsFile(builder) || Path.IsPathRooted(builder.DataSource)) return;
            builder.DataSource = Path.GetFullPath(Path.Combine(environment.ContentRootPath, builder.DataSource));
            options.ConnectionString = builder.ToString();
        }

        private static void ResolveRelativeBackupDirectory(OmniSqliteBackupServiceOptions options, IServiceProvider provider)
        {
            var environment = provider.GetService<IHostEnvironment>();
            var directory = options.Backup?.Directory;
            if (environment is null || environment.IsProduction() || string.IsNullOrWhiteSpace(directory) || Path.IsPathRooted(directory)) return;
            options.Backup!.Directory = Path.GetFullPath(Path.Combine(environment.ContentRootPath, directory));
        }

        /// <summary>A relative backup directory in Production would land in the container image, like a relative database path.</summary>
        private sealed class ValidateBackupDirectory : IValidateOptions<OmniSqliteBackupServiceOptions>
        {
            private readonly IHostEnvironment? _environment;

            public ValidateBackupDirectory(IServiceProvider services) => _environment = services.GetService<IHostEnvironment>();

            public ValidateOptionsResult Validate(string? name, OmniSqliteBackupServiceOptions options)
            {
                var directory = options.Backup?.Directory;
                if (_environment?.IsProduction() != true || string.IsNullOrWhiteSpace(directory) || Path.IsPathRooted(directory)) return ValidateOptionsResult.Success;
                return ValidateOptionsResult.Fail(
                    $"OmniSqlite: the backup directory '{directory}' is relative. In Production it would resolve against the working directory, which in a " +
                    $"container is inside the image and lost on every redeploy. Set {OmniSqliteOptions.SectionName}:Backups:Directory to an absolute path on " +
                    "another volume than the database, e.g. /backups.");
            }
        }

        private static void Bind(OmniSqliteOptions options, IConfiguration configuration)
        {
            var connectionString = configuration.GetConnectionString(OmniSqliteOptions.ConnectionStringName);
            if (!string.IsNullOrWhiteSpace(connectionString)) options.ConnectionString = connectionString!;
            var section = configuration.GetSection(OmniSqliteOptions.SectionName);
            var prefix = OmniSqliteOptions.SectionName + ":";

            var profileName = section["Profile"];
            if (!string.IsNullOrWhiteSpace(profileName))
            {
                switch (profileName!.Trim().ToLowerInvariant())
                {
                    case "production": options.Profile = SqliteProfile.Production; break;
                    case "default": options.Profile = SqliteProfile.Default; break;
                    default:
                        options.ConfigurationErrors.Add($"OmniSqlite: {prefix}Profile is '{profileName}'; use 'Production' (the default) or 'Default' (SQLite's own settings), and change single PRAGMAs under {prefix}Pragmas.");
                        break;
                }
            }

            var profile = options.Profile ?? SqliteProfile.Production;
            foreach (var pragma in section.GetSection("Pragmas").GetChildren())
            {
                try { profile = profile.WithPragma(pragma.Key, pragma.Value ?? ""); }
                catch (ArgumentException e) { options.ConfigurationErrors.Add($"OmniSqlite: {prefix}Pragmas:{pragma.Key}: {FirstSentences(e.Message)}"); }
            }
            if (ReadTimeSpan(section, "WriteLockTimeout", options) is TimeSpan writeLock)
            {
                try { profile = profile.WithWriteLockTimeout(writeLock); }
                catch (ArgumentOutOfRangeException) { options.ConfigurationErrors.Add($"OmniSqlite: {prefix}WriteLockTimeout must be more than zero, e.g. \"00:00:05\"."); }
            }
            if (ReadTimeSpan(section, "SlowQueryThreshold", options) is TimeSpan slow)
            {
                try { profile = profile.WithSlowQueryLog(slow); }
                catch (ArgumentOutOfRangeException) { options.ConfigurationErrors.Add($"OmniSqlite: {prefix}SlowQueryThreshold must not be negative, e.g. \"00:00:00.250\"."); }
            }
            var policy = section["NetworkFileSystemPolicy"];
            if (!string.IsNullOrWhiteSpace(policy))
            {
                if (Enum.TryParse<NetworkFileSystemPolicy>(policy, ignoreCase: true, out var value) && Enum.IsDefined(typeof(NetworkFileSystemPolicy), value))
                    profile = profile.WithNetworkFileSystemPolicy(value);
                else
                    options.ConfigurationErrors.Add($"OmniSqlite: {prefix}NetworkFileSystemPolicy is '{policy}'; use one of {string.Join(", ", Enum.GetNames(typeof(NetworkFileSystemPolicy)))}.");
            }
            options.Profile = profile;
        }

        private static TimeSpan? ReadTimeSpan(IConfigurationSection section, string key, OmniSqliteOptions options)
        {
            var text = section[key];
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)) return value;
            options.ConfigurationErrors.Add($"OmniSqlite: {OmniSqliteOptions.SectionName}:{key} is '{text}', not a time span; write it as hh:mm:ss(.fff), e.g. \"00:00:05\".");
            return null;
        }

        private static string FirstSentences(string message)
        {
            // ArgumentException appends " (Parameter 'name')"; the setting is named already.
            var at = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            return at < 0 ? message : message.Substring(0, at);
        }
    }
}
