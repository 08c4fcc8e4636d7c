// This assembly's generated repositories and [Query] methods run on SqliteCommand / SqliteDataReader.
[assembly: OmniSqlite.OmniSqliteGeneration(DataPath = OmniSqlite.DataPath.AdoNet)]
