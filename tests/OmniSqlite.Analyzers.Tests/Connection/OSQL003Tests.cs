using Xunit;
using Verifier = OmniSqlite.Analyzers.Tests.Infrastructure.ConnectionRuleVerifier<
    OmniSqlite.Analyzers.Analyzers.NetworkDatabasePathAnalyzer>;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>OSQL003: a database path on a network filesystem.</summary>
public class OSQL003Tests
{
    [Fact]
    public Task Network_paths_in_connection_strings_are_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run()
            {
                new SqliteConnection({|OSQL003:@"Data Source=\\fileserver\share\app.db"|});
                new SqliteConnection({|OSQL003:"Data Source=//nas/share/app.db;Cache=Shared"|});
                new SqliteConnection({|OSQL003:"Filename=file://nas/share/app.db"|});
                new SqliteConnection({|OSQL003:"DataSource=/mnt/nfs/app/app.db"|});
                new SqliteConnection({|OSQL003:@"Data Source=\\?\UNC\fileserver\share\app.db"|});
                new SqliteConnectionStringBuilder({|OSQL003:"Data Source='/net/db01/app.db'"|});
                var connection = new SqliteConnection { ConnectionString = {|OSQL003:"Data Source=/smb/app.db"|} };
            }
        }
        """);

    [Fact]
    public Task Builder_DataSource_and_OmniSqlite_paths_are_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            void Run()
            {
                var builder = new SqliteConnectionStringBuilder { DataSource = {|OSQL003:"/mnt/cifs/app.db"|} };
                builder.DataSource = {|OSQL003:@"\\fileserver\share\app.db"|};
                var backups = new SqliteBackups(new BackupOptions { Directory = {|OSQL003:"/mnt/nfs/backups"|} });
                using var connection = SqliteProfile.Production.Open({|OSQL003:"Data Source=/efs/app.db"|});
            }
        }
        """);

    [Fact]
    public Task Constants_concatenations_and_interpolations_are_folded() => Verifier.VerifyAnalyzerAsync(""""
        using Microsoft.Data.Sqlite;

        class Store
        {
            const string Share = @"\\fileserver\share";
            const string ConnectionString = "Data Source=/mnt/nfs/app.db";

            void Run()
            {
                const string file = "app.db";
                new SqliteConnection({|OSQL003:ConnectionString|});
                new SqliteConnection({|OSQL003:"Data Source=" + Share + @"\" + file|});
                new SqliteConnection({|OSQL003:$"Data Source={Share}\\{file}"|});
                new SqliteConnection({|OSQL003:$"""Data Source=//nas/{file}"""|});
            }
        }
        """");

    [Fact]
    public Task Local_paths_and_run_time_paths_are_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run(string configured)
            {
                new SqliteConnection("Data Source=/var/lib/app/app.db");
                new SqliteConnection("Data Source=/mnt/data/app.db");            // a local disk mounted under /mnt
                new SqliteConnection("Data Source=/Volumes/External/app.db");    // macOS: external disks too, not in the default list
                new SqliteConnection(@"Data Source=C:\data\app.db");
                new SqliteConnection(@"Data Source=\\?\C:\data\app.db");
                new SqliteConnection("Data Source=file:///var/lib/app.db");
                new SqliteConnection("Data Source=file://localhost/var/lib/app.db");
                new SqliteConnection("Data Source=:memory:");
                new SqliteConnection("Data Source=" + configured);
                new SqliteConnection("Data Source=" + Path.Combine("/mnt/nfs", "app.db"));
                Console.WriteLine("Data Source=//nas/share/app.db");          // not given to SQLite
                new SqliteConnection("Data Source=/var/lib/app/app.db;Cache=Shared;Password=\\\\x");
            }
        }
        """);

    [Fact]
    public Task Configured_prefixes_replace_the_default_list() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run()
            {
                new SqliteConnection({|OSQL003:"Data Source=/data/shared/app.db"|});
                new SqliteConnection({|OSQL003:@"Data Source=Z:\app.db"|});
                new SqliteConnection("Data Source=/mnt/nfs/app.db");
                new SqliteConnection({|OSQL003:@"Data Source=\\fileserver\share\app.db"|});
            }
        }
        """, editorConfig: @"omnisqlite.network_path_prefixes = /data/shared/, Z:\");
}
