using Npgsql;
using OmniSqlite.PostgreSql;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests;

/// <summary>The throwaway cluster itself: it starts, hands out isolated databases, and quotes names as PostgreSQL reads them.</summary>
public sealed class ClusterTests
{
    [PostgresFact]
    public void A_new_database_is_empty_and_answers_on_loopback()
    {
        using var connection = new NpgsqlConnection(PostgresCluster.Shared.CreateDatabase());
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        Assert.Equal("127.0.0.1", connection.Host);
    }

    [PostgresFact]
    public void Quoted_names_keep_reserved_words_and_case()
    {
        using var connection = new NpgsqlConnection(PostgresCluster.Shared.CreateDatabase());
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE TABLE {PostgreSqlNames.Quote("order")} ({PostgreSqlNames.Quote("Select")} int); SELECT count(*) FROM {PostgreSqlNames.Quote("order")}", connection);
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }
}
