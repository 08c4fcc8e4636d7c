using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniSqlite.WebApi.Data;

/// <summary>Healthy when a pooled connection opens with the profile and answers a query.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
            return Task.FromResult(HealthCheckResult.Healthy($"{database.FilePath} ({database.ProfileName} profile)"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{database.FilePath}: {e.Message}", e));
        }
    }
}
