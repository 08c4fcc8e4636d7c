using OmniSqlite;

namespace RuleExamples;

/// <summary>OSQL002 on a SqliteProfile: the same unsafe values through the runtime's API.</summary>
public static class UnsafeProfile
{
    public static SqliteProfile FastButFragile()
        => SqliteProfile.Production.WithJournalMode(SqliteJournalMode.Memory);   // OSQL002 (fix: SqliteJournalMode.Wal)
}
