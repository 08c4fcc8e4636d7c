using System;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OmniSqlite.PostgreSql.Hosting;

/// <summary>A missing or unreadable connection string stops the start with what to set, before anything connects.</summary>
internal sealed class ValidateOmniSqlitePostgreSqlOptions : IValidateOptions<OmniSqlitePostgreSqlOptions>
{
    public ValidateOptionsResult Validate(string? name, OmniSqlitePostgreSqlOptions options)
    {
        const string setting = "ConnectionStrings:" + OmniSqlitePostgreSqlOptions.ConnectionStringName;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"OmniSqlite.PostgreSql: no connection string. Set {setting} (e.g. \"Host=db;Database=app;Username=app;Password=...\") " +
                "or OmniSqlitePostgreSqlOptions.ConnectionString.");
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
                return ValidateOptionsResult.Fail($"OmniSqlite.PostgreSql: {setting} names no Host; add Host=<server> (e.g. Host=localhost).");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            return ValidateOptionsResult.Fail($"OmniSqlite.PostgreSql: {setting} is not an Npgsql connection string: {e.Message}");
        }
        return ValidateOptionsResult.Success;
    }
}
