using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniSqlite.Hosting
{
    /// <summary>
    /// Runs a <see cref="SqliteReplicator"/> for the host's lifetime: ships the database's WAL every
    /// <see cref="ReplicationOptions.ShipInterval"/>, logs failures and keeps going; on shutdown the read transaction and the
    /// replica's lock are released.
    /// </summary>
    public sealed partial class OmniSqliteReplicationService : BackgroundService
    {
        private readonly ILogger<OmniSqliteReplicationService> _logger;

        public OmniSqliteReplicationService(IOptions<ReplicationOptions> options, ILogger<OmniSqliteReplicationService> logger, TimeProvider time)
        {
            ReplicationOptions value = options?.Value ?? throw new ArgumentNullException(nameof(options));
            _logger = logger ?? throw new ArgumentNullException(nameof(logger));
            var errors = value.GetValidationErrors();
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(nameof(ReplicationOptions), typeof(ReplicationOptions), errors);
            }

            Replicator = new SqliteReplicator(value, logger, time ?? throw new ArgumentNullException(nameof(time)));
        }

        /// <summary>The replicator this service runs (its state: <see cref="SqliteReplicator.LastShippedUtc"/>, <see cref="SqliteReplicator.LastError"/>, ...).</summary>
        public SqliteReplicator Replicator { get; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            LogStarting(Replicator.DatabasePath, Replicator.Destination.Location);
            try
            {
                await Replicator.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Host shutdown.
            }
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
            Replicator.Dispose();
        }

        public override void Dispose()
        {
            Replicator.Dispose();
            base.Dispose();
        }

        [LoggerMessage(EventId = 5211, Level = LogLevel.Information, Message = "Replicating {Database} to {Replica}")]
        private partial void LogStarting(string database, string replica);
    }
}
