using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniSqlite.Hosting;
using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>AddOmniSqliteReplication: the hosted service on a short schedule, through a real host, on real files.</summary>
public sealed class ReplicationHostingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_hosted_service_ships_on_a_short_schedule_and_what_it_shipped_restores()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        string replica = _temp.File("replica");
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddOmniSqliteReplication(o =>
        {
            o.Database = db;
            o.Directory = replica;
            o.ShipInterval = TimeSpan.FromMilliseconds(100);
        });

        using IHost host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<OmniSqliteReplicationService>();
        Assert.Same(service, host.Services.GetServices<IHostedService>().OfType<OmniSqliteReplicationService>().Single());
        await WaitUntil(() => service.Replicator.GenerationsStarted == 1, "the first generation");
        using (var writer = Ledger.Open(db))
        {
            for (int i = 0; i < 10; i++)
            {
                Ledger.TransferCommitted(writer, i);
            }
        }

        // A ship that began after the last commit: one that ended after it may have begun before, the one after that did not.
        DateTime written = DateTime.UtcNow;
        await WaitUntil(() => service.Replicator.LastShippedUtc > written, "a ship that ended after the writes");
        DateTime? ended = service.Replicator.LastShippedUtc;
        await WaitUntil(() => service.Replicator.LastShippedUtc > ended, "the ship after it");
        Assert.True(ReplicaFiles.Segments(replica).Length > 0);
        await host.StopAsync();
        Assert.Null(service.Replicator.LastError);

        string target = _temp.File("restored.db");
        new SqliteReplica(replica).Restore(target);
        Assert.Equal(LedgerState.Of(db), LedgerState.Of(target));
    }

    [Fact]
    public async Task Invalid_options_fail_the_host_start_naming_each_option()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddOmniSqliteReplication(o => o.ShipInterval = TimeSpan.FromHours(2));
        using IHost host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ReplicationOptions.Database is required", error.Message);
        Assert.Contains("ReplicationOptions.ShipInterval", error.Message);
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "never happened: " + what);
            await Task.Delay(20);
        }
    }
}
