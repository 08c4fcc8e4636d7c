using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OmniSqlite.PostgreSql.Hosting;

/// <summary>Opens one connection when the host starts (an unreachable server stops the start) and runs <see cref="OmniSqlitePostgreSqlOptions.InitializeSchema"/>.</summary>
internal sealed class OmniSqlitePostgreSqlStartup(NpgsqlDataSource dataSource, IOptions<OmniSqlitePostgreSqlOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var initialize = options.Value.InitializeSchema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (initialize is not null) await initialize(connection, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
