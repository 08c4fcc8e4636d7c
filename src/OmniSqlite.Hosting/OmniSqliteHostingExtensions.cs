using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniSqlite.Hosting;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registration of OmniSqlite's scheduled backups.</summary>
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

        private static OmniSqliteBackupService GetService(IServiceProvider provider) => provider.GetRequiredService<OmniSqliteBackupService>();

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
