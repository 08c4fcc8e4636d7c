using System;

namespace OmniSqlite
{
    /// <summary>How generated repositories and [Query] methods reach SQLite.</summary>
    public enum DataPath
    {
        /// <summary>
        /// Statements prepared once per native connection and kept across the pool (<c>SqliteConnection.Handle</c>,
        /// SQLitePCLRaw), typed binds and reads, no boxing (default). Same stored formats, transactions, busy handling,
        /// cancellation and <c>SqliteException</c>s as the ADO.NET path.
        /// </summary>
        Native = 0,

        /// <summary><c>SqliteCommand</c> and <c>SqliteDataReader</c> with reused commands: the Microsoft.Data.Sqlite API end to end.</summary>
        AdoNet = 1,
    }

    /// <summary>Chooses how the generated code of this assembly runs: <c>[assembly: OmniSqliteGeneration(DataPath = DataPath.AdoNet)]</c>.</summary>
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false, AllowMultiple = false)]
    public sealed class OmniSqliteGenerationAttribute : Attribute
    {
        /// <summary>The data path of every generated repository and [Query] method in the assembly; default <see cref="DataPath.Native"/>.</summary>
        public DataPath DataPath { get; set; }
    }
}
