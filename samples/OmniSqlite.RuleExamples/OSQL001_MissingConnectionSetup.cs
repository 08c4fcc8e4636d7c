using Microsoft.Data.Sqlite;

namespace RuleExamples;

/// <summary>OSQL001: the connection is opened and used without the PRAGMA setup.</summary>
public static class MissingConnectionSetup
{
    public static long CountCampaigns(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();                                          // OSQL001 (fix: connection.ApplyProfile(SqliteProfile.Production);)
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM campaigns";
        return (long)command.ExecuteScalar()!;
    }
}
