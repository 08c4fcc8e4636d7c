using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OmniSqlite.Hosting
{
    /// <summary>
    /// Opens the database once when the host starts: the first open logs what the profile could not do and refuses a network
    /// filesystem, then <see cref="OmniSqliteOptions.InitializeSchema"/> runs. A failure stops the host from starting.
    /// </summary>
    internal sealed class OmniSqliteStartup : IHostedService
    {
        private readonly ISqliteConnectionFactory _factory;
        private readonly OmniSqliteOptions _options;

        public OmniSqliteStartup(ISqliteConnectionFactory factory, IOptions<OmniSqliteOptions> options)
        {
            _factory = factory ?? throw new ArgumentNullException(nameof(factory));
            _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            _options.InitializeSchema?.Invoke(connection);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
