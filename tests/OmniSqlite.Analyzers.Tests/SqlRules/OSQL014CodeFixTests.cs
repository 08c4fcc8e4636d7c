using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using OmniSqlite.CodeFixes;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL014CodeFixTests
{
    [Fact]
    public Task Concatenated_value_becomes_a_parameter() => SqlRuleVerifier.VerifyFixAsync<ParameterizeSqlCodeFixProvider>("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, string name)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM users WHERE name = '" + {|OSQL014:name|} + "'";
            }
        }
        """, """
        class Queries
        {
            void Run(SqliteConnection connection, string name)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM users WHERE name = $name";
                command.Parameters.AddWithValue("$name", name);
            }
        }
        """);

    [Fact]
    public Task Interpolated_values_become_parameters_of_the_new_command() => SqlRuleVerifier.VerifyFixAsync<ParameterizeSqlCodeFixProvider>("OSQL014", """
        class Queries
        {
            const string Table = "users";
            void Run(SqliteConnection connection, User user, int id)
            {
                using var command = new SqliteCommand($"UPDATE {Table} SET name = '{{|OSQL014:user.Name|}}' WHERE id = {{|OSQL014:id|}}", connection);
                command.ExecuteNonQuery();
            }
        }
        class User { public string Name { get; set; } = ""; }
        """, """
        class Queries
        {
            const string Table = "users";
            void Run(SqliteConnection connection, User user, int id)
            {
                using var command = new SqliteCommand("UPDATE users SET name = $Name WHERE id = $id", connection);
                command.Parameters.AddWithValue("$Name", user.Name);
                command.Parameters.AddWithValue("$id", id);
                command.ExecuteNonQuery();
            }
        }
        class User { public string Name { get; set; } = ""; }
        """);
}
