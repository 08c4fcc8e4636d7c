using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("OmniSqlite.Tests")]
