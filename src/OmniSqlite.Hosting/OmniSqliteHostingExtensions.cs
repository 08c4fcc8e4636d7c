using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniSqlite;
using OmniSqlite.Hosting;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registration of OmniSqlite's scheduled backups and continuous replication.</summary>
    public static class OmniSqliteHostingExtensions
    {
        /// <summary>
        /// Registers <see cref="OmniSqliteBackupService"/>, a hosted service that backs up
        /// <see cref="OmniSqliteBackupServiceOptions.Database"/> on <see cref="OmniSqliteBackupServiceOptions.Schedule"/>.
        /// The options are validated when the host starts; errors name the option. Calling it again adds more configuration to the same single service.
        /// </summary>
        /// <example>
        /// <code>
        /// services.AddOmniSqliteBackups(o =>
        /// {
        ///     o.Database = "/var/lib/app/app.db";
        ///     o.Schedule = "0 3 * * *";
        ///     o.Backup.Directory = "/var/backups/app";
        ///     o.Backup.Keep = 7;
        /// });
        /// </code>
        /// </example>
        public static IServiceCollection AddOmniSqliteBackups(this IServiceCollection services, Action<OmniSqliteBackupServiceOptions> configure)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            if (configure is null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            bool firstCall = !services.Any(d => d.ServiceType == typeof(OmniSqliteBackupService));
            services.AddOptions<OmniSqliteBackupServiceOptions>().Configure(configure).ValidateOnStart();
            if (firstCall)
            {
                services.AddSingleton<IValidateOptions<OmniSqliteBackupServiceOptions>, ValidateBackupServiceOptions>();
                services.TryAddSingleton(TimeProvider.System);
                services.AddSingleton<OmniSqliteBackupService>();
                services.AddSingleton<IHostedService>(GetService);
            }

            return services;
        }

        /// <summary>
        /// Registers <see cref="OmniSqliteReplicationService"/>, a hosted service that continuously replicates
        /// <see cref="ReplicationOptions.Database"/>'s WAL to <see cref="ReplicationOptions.Directory"/> (or
        /// <see cref="ReplicationOptions.Destination"/>); restore with <see cref="SqliteReplica"/> or
        /// <c>omnisqlite restore --from-replica</c>. The options are validated when the host starts; errors name the option.
        /// </summary>
        /// <example>
        /// <code>
        /// services.AddOmniSqliteReplication(o =>
        /// {
        ///     o.Database = "/var/lib/app/app.db";
        ///     o.Directory = "/mnt/replica/app";
        ///     o.ShipInterval = TimeSpan.FromSeconds(1);
        /// });
        /// </code>
        /// </example>
        public static IServiceCollection AddOmniSqliteReplication(this IServiceCollection services, Action<ReplicationOptions> configure)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            if (configure is null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            bool firstCall = !services.Any(d => d.ServiceType == typeof(OmniSqliteReplicationService));
            services.AddOptions<ReplicationOptions>().Configure(configure).ValidateOnStart();
            if (firstCall)
            {
                services.AddSingleton<IValidateOptions<ReplicationOptions>, ValidateReplicationOptions>();
                services.TryAddSingleton(TimeProvider.System);
                services.AddSingleton<OmniSqliteReplicationService>();
                services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<OmniSqliteReplicationService>());
            }

            return services;
        }

        private static OmniSqliteBackupService GetService(IServiceProvider provider) => provider.GetRequiredService<OmniSqliteBackupService>();

        private sealed class ValidateReplicationOptions : IValidateOptions<ReplicationOptions>
        {
            public ValidateOptionsResult Validate(string? name, ReplicationOptions options)
            {
                var errors = options.GetValidationErrors();
                return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
            }
        }

        private sealed class ValidateBackupServiceOptions : IValidateOptions<OmniSqliteBackupServiceOptions>
        {
            public ValidateOptionsResult Validate(string? name, OmniSqliteBackupServiceOptions options)
            {
                var errors = options.GetValidationErrors();
                return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
            }
        }
    }
}
