using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace OmniSqlite.PostgreSql.Hosting;

/// <summary>Healthy when a pooled connection opens and answers <c>SELECT 1</c>; Unhealthy with the error otherwise. The server, database and version are the data.</summary>
internal sealed class PostgreSqlHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var data = new Dictionary<string, object>
        {
            ["host"] = builder.Host ?? "",
            ["port"] = builder.Port,
            ["database"] = builder.Database ?? "",
        };
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            data["server_version"] = connection.PostgreSqlVersion.ToString();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PostgreSQL {connection.ServerVersion} answers.", data);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL does not answer: " + e.Message, e, data);
        }
    }
}
