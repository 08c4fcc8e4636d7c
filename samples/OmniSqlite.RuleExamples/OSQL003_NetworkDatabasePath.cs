using Microsoft.Data.Sqlite;

namespace RuleExamples;

/// <summary>OSQL003: the database sits on a network share.</summary>
public static class NetworkDatabasePath
{
    private const string Share = @"\\fileserver\apps";

    public static SqliteConnection OnTheShare()
        => new SqliteConnection("Data Source=" + Share + @"\orders.db");       // OSQL003 (UNC path)

    public static SqliteConnectionStringBuilder OnTheNfsMount()
        => new SqliteConnectionStringBuilder { DataSource = "/mnt/nfs/orders.db" };   // OSQL003 (configured prefix)
}
