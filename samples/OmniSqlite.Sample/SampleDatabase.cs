using Microsoft.Data.Sqlite;

namespace OmniSqlite.Sample
{
    internal static class SampleDatabase
    {
        /// <summary>Opens the sample database with the production PRAGMAs.</summary>
        public static SqliteConnection Open(string path)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
            pragmas.ExecuteNonQuery();
            return connection;
        }
    }
}
