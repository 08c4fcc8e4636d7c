using System.Data;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniSqlite.Tests.Postgres;
using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Tests;

/// <summary>AddOmniSqlite and AddOmniSqlitePostgreSql (the Database:Engine switch) in the sample's real host (WebApplicationFactory over Program).</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Repositories_resolve_per_request_on_the_request_connection_which_the_scope_disposes()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);

        SqliteConnection connection;
        using (var scope = factory.Services.CreateScope())
        {
            var clients = scope.ServiceProvider.GetRequiredService<ClientRepository>();
            var campaigns = scope.ServiceProvider.GetRequiredService<CampaignRepository>();
            connection = scope.ServiceProvider.GetRequiredService<SqliteConnection>();
            Assert.Same(connection, clients.Connection);      // one connection per scope, shared by its repositories
            Assert.Same(connection, campaigns.Connection);
            Assert.Same(clients, scope.ServiceProvider.GetRequiredService<ClientRepository>());
            Assert.Same(campaigns, scope.ServiceProvider.GetRequiredService<ICampaignRepository>());   // the interface is the same instance
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal(1, clients.Count());
            Assert.Equal(5000L, Scalar(connection, "PRAGMA busy_timeout")); // the profile is applied
            using var other = factory.Services.CreateScope();
            Assert.NotSame(clients, other.ServiceProvider.GetRequiredService<ClientRepository>());
            Assert.NotSame(connection, other.ServiceProvider.GetRequiredService<SqliteConnection>());
        }
        Assert.Equal(ConnectionState.Closed, connection.State);   // disposed with the scope, back to the pool

        // Per request: every request gets its own scope; 20 requests in a row all answer from the same file.
        for (var i = 0; i < 20; i++) await (await client.GetAsync("/clients/1")).Expect(HttpStatusCode.OK);
    }

    [PostgresFact]
    public async Task On_PostgreSQL_the_interfaces_resolve_per_request_on_one_NpgsqlConnection_which_the_scope_disposes()
    {
        using var factory = new ApiFactory(engine: Engine.PostgreSql);
        using var client = factory.CreateClient();
        await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);

        NpgsqlConnection connection;
        using (var scope = factory.Services.CreateScope())
        {
            var clients = Assert.IsType<ClientPostgreSqlRepository>(scope.ServiceProvider.GetRequiredService<IClientRepository>());
            connection = scope.ServiceProvider.GetRequiredService<NpgsqlConnection>();
            Assert.Same(connection, clients.Connection);      // one connection per scope, shared by its repositories
            Assert.Same(connection, Assert.IsType<CampaignPostgreSqlRepository>(scope.ServiceProvider.GetRequiredService<ICampaignRepository>()).Connection);
            Assert.Same(clients, scope.ServiceProvider.GetRequiredService<IClientRepository>());
            Assert.Equal(ConnectionState.Open, connection.State);
            Assert.Equal(1, clients.Count());
            Assert.Equal(Engine.PostgreSql, scope.ServiceProvider.GetRequiredService<IUnitOfWork>().Engine);
            Assert.Null(scope.ServiceProvider.GetService<SqliteConnection>());   // nothing of SQLite is registered
            Assert.Same(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(), scope.ServiceProvider.GetRequiredService<System.Data.Common.DbDataSource>());
            using var other = factory.Services.CreateScope();
            Assert.NotSame(connection, other.ServiceProvider.GetRequiredService<NpgsqlConnection>());
        }
        Assert.Equal(ConnectionState.Closed, connection.State);   // disposed with the scope, back to the data source's pool
        Assert.False(File.Exists(factory.DatabasePath));          // and no SQLite file was made

        for (var i = 0; i < 20; i++) await (await client.GetAsync("/clients/1")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public void A_bad_Database_Engine_fails_at_start_naming_the_setting_and_the_choices()
    {
        using var factory = new ApiFactory(settings: new() { ["Database:Engine"] = "oracle" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Database:Engine is 'oracle'; use sqlite (the default, ConnectionStrings:OmniSqlite) or postgresql (ConnectionStrings:PostgreSql)", error.Message);
        Assert.False(File.Exists(factory.DatabasePath));
    }

    [Theory]
    [InlineData("", "OmniSqlite.PostgreSql: no connection string. Set ConnectionStrings:PostgreSql")]
    [InlineData("Database=app;Username=app", "ConnectionStrings:PostgreSql names no Host; add Host=<server>")]
    [InlineData("Hots=db", "ConnectionStrings:PostgreSql is not an Npgsql connection string")]
    public void On_PostgreSQL_a_missing_or_bad_connection_string_fails_at_start_with_what_to_set(string connectionString, string message)
    {
        using var factory = new ApiFactory(settings: new() { ["Database:Engine"] = "PostgreSQL", ["ConnectionStrings:PostgreSql"] = connectionString });
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_factory_opens_connections_with_the_configured_profile()
    {
        using var factory = new ApiFactory(settings: new() { ["OmniSqlite:Pragmas:cache_size"] = "-32000", ["OmniSqlite:WriteLockTimeout"] = "00:00:02" });
        using var client = factory.CreateClient();
        var connections = factory.Services.GetRequiredService<ISqliteConnectionFactory>();
        Assert.Equal(TimeSpan.FromSeconds(2), connections.Profile.WriteLockTimeout);
        using var connection = connections.Open();
        Assert.Equal(-32000L, Scalar(connection, "PRAGMA cache_size"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
    }

    [Theory]
    [InlineData("OmniSqlite:Pragmas:journal_mode", "fast", "OmniSqlite:Pragmas:journal_mode: Unknown value 'fast'")]
    [InlineData("OmniSqlite:WriteLockTimeout", "soon", "OmniSqlite:WriteLockTimeout is 'soon', not a time span")]
    [InlineData("OmniSqlite:NetworkFileSystemPolicy", "Maybe", "NetworkFileSystemPolicy is 'Maybe'; use one of Refuse")]
    public void Bad_configuration_fails_at_start_with_the_message(string key, string value, string message)
    {
        using var factory = new ApiFactory(settings: new() { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(message, error.Message);
        Assert.False(File.Exists(factory.DatabasePath)); // nothing was created
    }

    [Fact]
    public void A_missing_folder_and_a_missing_connection_string_fail_at_start_with_what_to_do()
    {
        using (var factory = new ApiFactory(settings: new() { ["ConnectionStrings:OmniSqlite"] = "Data Source=/nonexistent-omnisqlite/app.db" }))
        {
            var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
            Assert.Contains("the folder '/nonexistent-omnisqlite' of the database", error.Message);
            Assert.False(Directory.Exists("/nonexistent-omnisqlite"));
        }
        using (var factory = new ApiFactory(settings: new() { ["ConnectionStrings:OmniSqlite"] = "" }))
        {
            var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
            Assert.Contains("no connection string. Set ConnectionStrings:OmniSqlite", error.Message);
        }
    }

    [Fact]
    public async Task The_health_endpoint_reports_the_database_figures()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var health = await (await client.GetAsync("/health")).Expect(HttpStatusCode.OK);
        Assert.Equal("Healthy", health.Str("status"));
        var check = health.GetProperty("checks").GetProperty("omnisqlite");
        Assert.Equal(factory.DatabasePath, check.GetProperty("data").Str("database"));
        Assert.True(check.GetProperty("data").TryGetProperty("wal_bytes", out _));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
