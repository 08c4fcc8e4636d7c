using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniSqlite.Hosting;
using Xunit;

namespace OmniSqlite.Tests.Backups;

public sealed class BackupHostingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Hosted_service_backs_up_on_a_short_schedule_logs_each_result_and_survives_a_failure()
    {
        string db = _temp.File("app.db"); // missing at first: the first runs fail
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddOmniSqliteBackups(o =>
        {
            o.Database = db;
            o.Schedule = "* * * * * *"; // every second
            o.RunOnStart = true;
            o.Backup.Directory = _temp.File("backups");
            o.Backup.Keep = 2;
        });

        using IHost host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<OmniSqliteBackupService>();
        Assert.Same(service, host.Services.GetServices<IHostedService>().OfType<OmniSqliteBackupService>().Single());

        await WaitUntil(() => service.Failed >= 1, "a failed run");
        Assert.IsType<FileNotFoundException>(service.LastError);

        Ledger.Create(db, transfers: 50);
        await WaitUntil(() => service.Succeeded >= 3, "three successful runs after the database appeared");
        await host.StopAsync();

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.EventId == 5102 && e.Exception is FileNotFoundException);
        Assert.True(logs.Entries.Count(e => e.Level == LogLevel.Information && e.EventId == 5101) >= 3);
        Assert.Contains(logs.Entries, e => e.EventId == 5103); // "next backup at"

        IReadOnlyList<BackupInfo> listed = service.Backups.List();
        Assert.InRange(listed.Count, 1, 2); // Keep = 2, applied after each backup
        foreach (BackupInfo backup in listed)
        {
            Assert.True((await service.Backups.VerifyAsync(backup)).IsValid);
        }
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_from_starting_with_each_option_named()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddOmniSqliteBackups(o =>
        {
            o.Database = _temp.File("app.db");
            o.Schedule = "every night";
            o.Backup.Directory = _temp.File("backups");
            o.Backup.Keep = -1;
        });

        using IHost host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("OmniSqliteBackupServiceOptions.Schedule", ex.Message);
        Assert.Contains("OmniSqliteBackupServiceOptions.Backup.Keep", ex.Message);
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        DateTime giveUp = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "gave up waiting for " + what);
            await Task.Delay(50);
        }
    }

    private sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
