using Xunit;
using Verifier = OmniSqlite.Analyzers.Tests.Infrastructure.ConnectionRuleVerifier<
    OmniSqlite.Analyzers.Analyzers.RelativeDatabasePathAnalyzer>;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>OSQL004: a relative database path.</summary>
public class OSQL004Tests
{
    [Fact]
    public Task Relative_paths_are_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            const string Name = "example.db";

            void Run()
            {
                new SqliteConnection({|OSQL004:"Data Source=example.db"|});
                new SqliteConnection({|OSQL004:"Filename=data/app.db;Mode=ReadWriteCreate"|});
                new SqliteConnection({|OSQL004:"Data Source=file:app.db?cache=shared"|});
                new SqliteConnection({|OSQL004:"Data Source=~/app.db"|});
                new SqliteConnection({|OSQL004:$"Data Source={Name}"|});
                new SqliteConnectionStringBuilder { DataSource = {|OSQL004:"app.db"|} };
                var connection = new SqliteConnection();
                connection.ConnectionString = {|OSQL004:"Data Source=" + Name|};
                SqliteProfile.Production.Open({|OSQL004:"Data Source=app.db"|});
                new SqliteBackups(new BackupOptions { Directory = {|OSQL004:"backups"|} });
            }
        }
        """);

    [Fact]
    public Task Absolute_in_memory_and_run_time_paths_are_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run(string path)
            {
                new SqliteConnection("Data Source=/var/lib/app/app.db");
                new SqliteConnection(@"Data Source=C:\data\app.db");
                new SqliteConnection("Data Source=:memory:");
                new SqliteConnection("Data Source=shared;Mode=Memory;Cache=Shared");
                new SqliteConnection("Data Source=file::memory:?cache=shared");
                new SqliteConnection("Data Source=file:app?mode=memory");
                new SqliteConnection("Data Source=");
                new SqliteConnection("Cache=Shared");
                new SqliteConnection("Data Source=|DataDirectory|app.db");
                new SqliteConnection("Data Source=" + path);
                new SqliteConnection("Data Source=" + Path.Combine(AppContext.BaseDirectory, "app.db"));
                new SqliteConnection("Data Source='unterminated");
                Console.WriteLine("Data Source=example.db");
            }
        }
        """);

    [Fact]
    public Task Severity_follows_editorconfig() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run() => new SqliteConnection({|OSQL004:"Data Source=example.db"|});
        }
        """, editorConfig: "dotnet_diagnostic.OSQL004.severity = warning");

    [Fact]
    public Task Each_way_in_is_found_in_a_method_that_names_only_it() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        using Conn = Microsoft.Data.Sqlite.SqliteConnection;

        class Options
        {
            public string ConnectionString { get; set; } = {|OSQL004:"Data Source=app.db"|};
        }

        class Store
        {
            const string Db = "Data Source=app.db";

            void Aliased() => new Conn({|OSQL004:"Data Source=app.db"|});
            void AliasedConstant() => new Conn({|OSQL004:Db|});
            void Profile() => SqliteProfile.Production.Open({|OSQL004:"Data Source=app.db"|});
            void Builder(SqliteConnectionStringBuilder b) { b.DataSource = {|OSQL004:"app.db"|}; }
            void Existing(SqliteConnection c) { c.ConnectionString = {|OSQL004:"Data Source=app.db"|}; }
            void Backups(BackupOptions o) { o.Directory = {|OSQL004:"backups"|}; }
        }
        """);

    [Fact]
    public Task Paths_that_never_reach_sqlite_are_not_reported_or_bound() => Verifier.VerifyAnalyzerAsync("""
        using System.IO;

        class Files
        {
            public string File { get; set; } = "notes.txt";
            string Read(string path) => System.IO.File.ReadAllText("data/app.db") + Path.Combine("dir", path);
            void Write(FileInfo file) => file.MoveTo("backup/app.db");
        }
        """);
}
