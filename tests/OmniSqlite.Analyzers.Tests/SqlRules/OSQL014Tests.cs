using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL014Tests
{
    [Fact]
    public Task Concatenation_and_interpolation_of_non_constant_values_are_reported() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            void Run(SqliteConnection connection, string name, int id)
            {
                using var a = new SqliteCommand("SELECT * FROM t WHERE name = '" + {|OSQL014:name|} + "'", connection);
                using var b = connection.CreateCommand();
                b.CommandText = $"SELECT * FROM t WHERE id = {{|OSQL014:id|}}";
                var rows = connection.Query<int>(string.Concat("SELECT * FROM t WHERE n = ", {|OSQL014:name|}));
                connection.Execute(string.Format("DELETE FROM t WHERE n = '{0}'", {|OSQL014:name|}));
            }
        }
        """);

    [Fact]
    public Task Constants_and_parameters_stay_silent() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            const string Table = "t";
            void Run(SqliteConnection connection, string name, string prebuilt)
            {
                using var a = new SqliteCommand("SELECT * FROM " + Table + " WHERE name = @name", connection);
                a.Parameters.AddWithValue("@name", name);
                using var b = new SqliteCommand($"SELECT * FROM {Table} WHERE id = {nameof(Queries)}", connection);
                using var c = new SqliteCommand(prebuilt, connection);
                var text = "x" + name; // not SQL that reaches a command
            }
        }
        """);
}
