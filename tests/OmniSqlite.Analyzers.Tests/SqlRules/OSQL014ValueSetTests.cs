using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

/// <summary>OSQL014 decides by the set of values the SQL can take: constant sets stay silent, a spliced run-time value is reported.</summary>
public class OSQL014ValueSetTests
{
    [Fact]
    public Task Constant_ternary_and_switch_pieces_stay_silent() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        enum Sort { Name, Date }
        class Queries
        {
            void Run(SqliteConnection connection, string? name, Sort sort, bool newestFirst)
            {
                using var a = new SqliteCommand("SELECT * FROM t WHERE name " + (name == null ? "IS NULL" : "= @name"), connection);
                using var b = connection.CreateCommand();
                b.CommandText = $"SELECT * FROM t ORDER BY {sort switch { Sort.Name => "name", Sort.Date => "created_at", _ => "id" }} {(newestFirst ? "DESC" : "ASC")}";
                var order = newestFirst ? " DESC" : " ASC";
                connection.Execute("SELECT * FROM t ORDER BY id" + order);
            }
        }
        """);

    [Fact]
    public Task A_ternary_with_a_non_constant_branch_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, string? name, string column)
            {
                using var a = new SqliteCommand("SELECT * FROM t WHERE name " + (name == null ? "IS NULL" : "= '" + {|OSQL014:name|} + "'"), connection);
                using var b = new SqliteCommand("SELECT * FROM t ORDER BY " + (name == null ? "id" : {|OSQL014:column|}), connection);
            }
        }
        """);

    [Fact]
    public Task Where_clause_joined_from_constant_pieces_stays_silent() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, string? name, long? clientId)
            {
                var where = new List<string>();
                if (name != null) where.Add("name = @name");
                if (clientId != null) where.Add("client_id = @clientId");
                var sql = "SELECT * FROM t";
                if (where.Count > 0) sql += " WHERE " + string.Join(" AND ", where);
                using var command = new SqliteCommand(sql, connection);
                command.Parameters.AddWithValue("@name", (object?)name ?? System.DBNull.Value);
            }
        }
        """);

    [Fact]
    public Task Where_clause_with_a_non_constant_piece_is_reported_at_the_piece() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, string? name)
            {
                var where = new List<string>();
                if (name != null) where.Add("name = '" + {|OSQL014:name|} + "'");
                var sql = "SELECT * FROM t WHERE " + string.Join(" AND ", where);
                using var command = new SqliteCommand(sql, connection);
            }
        }
        """);

    [Fact]
    public Task Loop_index_in_a_placeholder_name_stays_silent() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, IReadOnlyList<long> ids)
            {
                var names = new List<string>();
                for (int i = 0; i < ids.Count; i++) names.Add($"@p{i}");
                using var command = new SqliteCommand($"SELECT * FROM t WHERE id IN ({string.Join(", ", names)})", connection);
                for (int i = 0; i < ids.Count; i++) command.Parameters.AddWithValue($"@p{i}", ids[i]);
            }
        }
        """);

    [Fact]
    public Task StringBuilder_appended_only_with_constants_stays_silent() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, int rows)
            {
                var sb = new System.Text.StringBuilder("INSERT INTO t (a, b) VALUES ");
                for (int i = 0; i < rows; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append("(@a").Append(i).Append(", @b").Append(i).Append(')');
                }
                using var command = new SqliteCommand(sb.ToString(), connection);
            }
        }
        """);

    [Fact]
    public Task StringBuilder_with_a_non_constant_value_is_reported_at_the_append() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, IEnumerable<string> names)
            {
                var sb = new System.Text.StringBuilder();
                sb.Append("INSERT INTO t (name) VALUES ");
                foreach (var name in names) sb.Append("('").Append({|OSQL014:name|}).Append("'),");
                using var command = connection.CreateCommand();
                command.CommandText = sb.ToString();
            }
        }
        """);

    [Fact]
    public Task Values_from_a_parameter_field_property_or_call_are_reported() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            private string _table = "t";
            public string Column { get; set; } = "a";
            static string Pick() => "b";
            void Run(SqliteConnection connection, string filter)
            {
                var sql = "SELECT * FROM " + {|OSQL014:_table|} + " WHERE " + {|OSQL014:Column|} + " = 1 AND " + {|OSQL014:Pick()|} + " = " + {|OSQL014:filter|};
                using var command = new SqliteCommand(sql, connection);
            }
        }
        """);

    [Fact]
    public Task Foreach_over_literals_is_constant_over_other_items_is_not() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            private static readonly string[] Pragmas = { "busy_timeout", "cache_size" };
            void Run(SqliteConnection connection, IEnumerable<string> names)
            {
                foreach (var pragma in Pragmas) connection.Execute("PRAGMA " + pragma);
                foreach (var table in new[] { "a", "b" }) connection.Execute("DELETE FROM " + table);
                foreach (var name in names) connection.Execute("DELETE FROM " + {|OSQL014:name|});
                connection.Execute($"INSERT INTO t(v) VALUES ('{new string('x', 20)}')");
            }
        }
        """);

    [Fact]
    public Task A_builder_that_escapes_the_method_is_not_followed() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            static void Fill(System.Text.StringBuilder sb) { }
            void Run(SqliteConnection connection)
            {
                var sb = new System.Text.StringBuilder("SELECT * FROM t");
                Fill(sb);
                using var command = new SqliteCommand(sb.ToString(), connection);
            }
        }
        """);

    [Fact]
    public async Task Ten_thousand_piece_concatenation_is_walked_without_recursion()
    {
        var pieces = string.Join(" + ", Enumerable.Range(0, 10_000).Select(i => i % 2 == 0 ? "\"a" + i + " \"" : "value"));
        var diagnostics = await AnalyzerRunner.RunAsync(new[] { new OmniSqlite.Analyzers.Analyzers.SqlAnalyzer() }, """
            using Microsoft.Data.Sqlite;
            class Queries
            {
                void Run(SqliteConnection connection, string value)
                {
                    using var command = new SqliteCommand(
            """ + pieces + """
            , connection);
                }
            }
            """);
        Assert.Equal(5_000, diagnostics.Count(d => d.Id == "OSQL014"));
    }
}
