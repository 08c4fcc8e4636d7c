using System;
using System.Collections.Generic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniSqlite;
using OmniSqlite.Hosting;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary><c>services.AddHealthChecks().AddOmniSqlite()</c>.</summary>
    public static class OmniSqliteHealthChecksBuilderExtensions
    {
        /// <summary>
        /// Adds the OmniSqlite health check (needs <c>services.AddOmniSqlite(...)</c>): a cheap read (or quick_check), the WAL size against
        /// <see cref="OmniSqliteHealthCheckOptions.WalSizeThreshold"/>, and the age of the newest verified backup against
        /// <see cref="OmniSqliteHealthCheckOptions.BackupAgeThreshold"/>; the figures are in the result's data.
        /// </summary>
        public static IHealthChecksBuilder AddOmniSqlite(this IHealthChecksBuilder builder, Action<OmniSqliteHealthCheckOptions>? configure = null,
            string name = "omnisqlite", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
        {
            if (builder is null) throw new ArgumentNullException(nameof(builder));
            var options = new OmniSqliteHealthCheckOptions();
            configure?.Invoke(options);
            if (options.WalSizeThreshold < 0) throw new ArgumentOutOfRangeException(nameof(configure), options.WalSizeThreshold, "OmniSqliteHealthCheckOptions.WalSizeThreshold must not be negative.");
            if (options.BackupAgeThreshold <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(configure), options.BackupAgeThreshold, "OmniSqliteHealthCheckOptions.BackupAgeThreshold must be more than zero.");
            return builder.Add(new HealthCheckRegistration(name,
                services => new OmniSqliteHealthCheck(services.GetRequiredService<ISqliteConnectionFactory>(), options, services),
                failureStatus, tags, timeout));
        }
    }
}
