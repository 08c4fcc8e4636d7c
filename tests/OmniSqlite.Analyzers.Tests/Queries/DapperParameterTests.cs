using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

/// <summary>OSQL021/OSQL022 at Dapper call sites with an anonymous parameter object, CommandDefinition included.</summary>
public sealed class DapperParameterTests
{
    private const string CommandDefinition = """

        namespace DapperLike
        {
            public struct CommandDefinition
            {
                public CommandDefinition(string commandText, object? parameters = null, IDbTransaction? transaction = null, int? commandTimeout = null,
                    CommandType? commandType = null, int flags = 0, System.Threading.CancellationToken cancellationToken = default) { }
            }
            public static class SqlMapperDefinitions
            {
                public static IEnumerable<T> Query<T>(this IDbConnection cnn, CommandDefinition command) => new List<T>();
            }
        }
        """;

    [Fact]
    public Task A_sql_parameter_missing_from_the_anonymous_object_is_OSQL021()
        => SqlRuleVerifier.VerifyAsync("OSQL021", """
            class C
            {
                void M(SqliteConnection connection, long clientId)
                {
                    connection.Query<long>("SELECT id FROM campaigns WHERE client_id = {|OSQL021:@client|}", new { clientId });
                    connection.Execute("DELETE FROM campaigns WHERE id = @id AND client_id = @ClientId", new { id = 1, clientId });
                }
            }
            """);

    [Fact]
    public Task An_unused_member_of_the_anonymous_object_is_OSQL022()
        => SqlRuleVerifier.VerifyAsync("OSQL022", """
            class C
            {
                void M(SqliteConnection connection, long clientId)
                {
                    connection.Query<long>("SELECT id FROM campaigns WHERE id = @id", new { id = 1, {|OSQL022:clientId|} });
                }
            }
            """);

    [Fact]
    public Task CommandDefinition_with_a_cancellation_token_is_checked()
        => SqlRuleVerifier.VerifyAsync("OSQL021", """
            class C
            {
                void M(SqliteConnection connection, long clientId, System.Threading.CancellationToken ct)
                {
                    connection.Query<long>(new CommandDefinition("SELECT id FROM campaigns WHERE client_id = {|OSQL021:@client|}", new { clientId }, cancellationToken: ct));
                    connection.Query<long>(new CommandDefinition("SELECT id FROM campaigns WHERE client_id = @clientId", new { clientId }, cancellationToken: ct));
                }
            }
            """ + CommandDefinition);

    [Fact]
    public Task Near_miss_typed_objects_non_constant_sql_and_sql_that_does_not_parse_stay_silent()
        => SqlRuleVerifier.VerifyAsync("OSQL021", """
            class P { public long Id { get; set; } }
            class C
            {
                void M(SqliteConnection connection, string sql)
                {
                    connection.Query<long>("SELECT id FROM campaigns WHERE id = @other", new P { Id = 1 });
                    connection.Query<long>(sql, new { id = 1 });
                    connection.Query<long>("SELECT id FROM campaigns WHERE id = @x AND (", new { id = 1 });
                    connection.Query<long>("SELECT id FROM campaigns WHERE id IN @ids", new { ids = new[] { 1L, 2L } });
                }
            }
            """);
}
