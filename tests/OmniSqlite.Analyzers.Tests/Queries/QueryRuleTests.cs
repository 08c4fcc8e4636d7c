using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

public sealed class OSQL020Tests
{
    [Fact]
    public Task Sql_that_does_not_parse_points_at_the_token_where_parsing_stopped()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns WHERE {|OSQL020:)|}")] public static partial List<long> Broken(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Two_statements_are_one_too_many()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("DELETE FROM campaigns; {|OSQL020:DELETE FROM clients|}")] public static partial void Wipe(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Near_miss_a_trailing_semicolon_and_a_verbatim_multi_line_string_are_fine()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query(@"SELECT id
                         FROM campaigns;")] public static partial List<long> Ids(SqliteConnection connection);
            } }
            """);
}

public sealed class OSQL021Tests
{
    [Fact]
    public Task A_sql_parameter_without_a_method_parameter_is_an_error_at_the_parameter()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns WHERE client_id = {|OSQL021:$client|}")] public static partial List<long> Ids(SqliteConnection connection, long {|OSQL022:clientId|});
            } }
            """);

    [Fact]
    public Task Positional_parameters_cannot_bind_by_name()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns WHERE client_id = {|OSQL021:?|}")] public static partial List<long> Ids(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Near_miss_every_prefix_and_any_case_binds()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns WHERE client_id = $CLIENTID OR id = @id OR title = :Title")] public static partial List<long> Ids(SqliteConnection connection, long clientId, long id, string title);
            } }
            """);

    [Fact]
    public Task Raw_string_literal_locations()
        => QueryRuleVerifier.VerifyAsync(""""
            namespace Shop { public static partial class Q {
                [Query("""
                    SELECT id FROM campaigns
                    WHERE client_id = {|OSQL021:$nope|}
                    """)] public static partial List<long> Ids(SqliteConnection connection);
            } }
            """");
}

public sealed class OSQL022Tests
{
    [Fact]
    public Task An_unused_method_parameter_is_a_warning_at_the_parameter()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns")] public static partial List<long> Ids(SqliteConnection connection, long {|OSQL022:clientId|});
            } }
            """);

    [Fact]
    public Task Near_miss_connection_transaction_and_cancellation_token_are_not_sql_parameters()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns")] public static partial Task<List<long>> Ids(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken);
            } }
            """);
}

public sealed class OSQL023Tests
{
    [Fact]
    public Task A_result_column_without_a_member_is_an_error_at_the_column()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id, title, {|OSQL023:client_id|} FROM campaigns")] public static partial List<Row> Rows(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task A_constructor_parameter_without_a_column_is_an_error_on_the_select_list()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT {|OSQL023:id|} FROM campaigns")] public static partial List<Row> Rows(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task An_expression_without_alias_has_no_name()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop {
            public sealed class Total { public long Count { get; set; } }
            public static partial class Q {
                [Query("SELECT {|OSQL023:count(*)|} FROM campaigns")] public static partial Total Count(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Select_star_into_a_type_missing_members_points_at_the_star()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT {|OSQL023:*|} FROM campaigns")] public static partial List<Row> Rows(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Near_miss_aliases_snake_case_and_a_settable_class_map()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop {
            public sealed class Line { public long CampaignId { get; set; } public string ClientName { get; set; } = ""; public DateTime? CreatedAt { get; set; } }
            public static partial class Q {
                [Query("SELECT c.id AS campaign_id, cl.name AS ClientName, c.created_at FROM campaigns c JOIN clients cl ON cl.id = c.client_id")]
                public static partial List<Line> Lines(SqliteConnection connection);
            } }
            """);
}

public sealed class OSQL024Tests
{
    [Fact]
    public Task A_nullable_column_into_a_non_nullable_member_and_text_into_a_number()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop {
            public sealed class Contact { public long Id { get; set; } public string Email { get; set; } = ""; }
            public sealed class Odd { public long Id { get; set; } public long Name { get; set; } }
            public static partial class Q {
                [Query("SELECT id, {|OSQL024:email|} FROM clients")] public static partial List<Contact> Contacts(SqliteConnection connection);
                [Query("SELECT id, {|OSQL024:name|} FROM clients")] public static partial List<Odd> Odd(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Left_join_makes_the_right_side_nullable()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop {
            public sealed class Pair { public long Id { get; set; } public string Name { get; set; } = ""; }
            public static partial class Q {
                [Query("SELECT c.id, {|OSQL024:cl.name|} FROM campaigns c LEFT JOIN clients cl ON cl.id = c.client_id")] public static partial List<Pair> Pairs(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task Near_miss_nullable_members_and_not_null_columns()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop {
            public sealed class Contact { public long Id { get; set; } public string? Email { get; set; } public string Name { get; set; } = ""; }
            public static partial class Q {
                [Query("SELECT id, email, name FROM clients")] public static partial List<Contact> Contacts(SqliteConnection connection);
                [Query("SELECT email FROM clients WHERE id = $id")] public static partial string? EmailOf(SqliteConnection connection, long id);
            } }
            """);
}

public sealed class OSQL025Tests
{
    [Fact]
    public Task A_list_from_an_update_without_returning()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("UPDATE campaigns SET title = $title")] public static partial {|OSQL025:List<Row>|} Rename(SqliteConnection connection, string title);
            } }
            """);

    [Fact]
    public Task Int_from_a_select_of_several_columns()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id, title FROM campaigns")] public static partial {|OSQL025:int|} Count(SqliteConnection connection);
            } }
            """);

    [Fact]
    public Task A_static_method_without_a_connection_and_an_instance_method_outside_a_repository()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public partial class Q {
                [Query("SELECT id FROM campaigns")] public static partial List<long> {|OSQL025:Ids|}(long {|OSQL022:x|});
                [Query("SELECT id FROM campaigns")] public partial List<long> {|OSQL025:More|}();
            } }
            """, "CS8795");

    [Fact]
    public Task Near_miss_rows_changed_returning_and_repository_instance_methods()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop {
            public sealed partial class CampaignRepository {
                [Query("UPDATE campaigns SET title = $title WHERE id = $id")] public partial int Rename(long id, string title);
                [Query("DELETE FROM campaigns WHERE id = $id RETURNING id, title")] public partial Row? Remove(long id);
            }
            public static partial class Q {
                [Query("SELECT count(*) FROM campaigns")] public static partial int Count(SqliteConnection connection);
            } }
            """);
}

public sealed class QuerySqlRuleTests
{
    [Fact]
    public Task A_misspelt_column_in_query_sql_is_OSQL013_inside_the_literal()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns WHERE {|OSQL013:titel|} = $title")] public static partial List<long> Ids(SqliteConnection connection, string title);
            } }
            """, "OSQL013", "OSQL010");

    [Fact]
    public Task An_unindexed_filter_in_query_sql_is_OSQL010_and_an_in_list_on_the_key_is_not()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public static partial class Q {
                [Query("SELECT id FROM campaigns WHERE {|OSQL010:title|} = $title")] public static partial List<long> Ids(SqliteConnection connection, string title);
                [Query("SELECT id FROM campaigns WHERE id IN $ids OR client_id IN ($others)")] public static partial List<long> ByIds(SqliteConnection connection, long[] ids, List<long> others);
            } }
            """, "OSQL013", "OSQL010");

    // The SQL analyzer skips generated code; the user's part of a generated repository, and a [Query] declaration whose
    // implementation is generated, are still the user's code and are analysed.
    [Fact]
    public Task Hand_written_sql_in_the_users_part_of_a_generated_repository_is_analysed()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public sealed partial class CampaignRepository {
                [Query("SELECT id FROM campaigns WHERE {|OSQL010:title|} = $title")] public partial List<long> Titled(string title);
                public long CountTitled(string title)
                {
                    using var command = new SqliteCommand("SELECT count(*) FROM campaigns WHERE {|OSQL013:titel|} = $t", Connection);
                    command.Parameters.AddWithValue("$t", title);
                    return (long)command.ExecuteScalar()!;
                }
            } }
            """, "OSQL013", "OSQL010");
}
