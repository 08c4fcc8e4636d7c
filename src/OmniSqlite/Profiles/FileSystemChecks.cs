using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OmniSqlite
{
    /// <summary>
    /// The network-filesystem lookup once per database file and mount table: resolving the path (realpath) and reading the
    /// mount table cost more than a pooled open, and a file does not move between mounts while the process has it open.
    /// </summary>
    internal static class FileSystemChecks
    {
        private const int MaxFilesPerTable = 1000;
        private static readonly ConcurrentDictionary<string, FileSystemCheck> SystemTable = new ConcurrentDictionary<string, FileSystemCheck>(StringComparer.Ordinal);
        private static readonly ConditionalWeakTable<IMountTable, ConcurrentDictionary<string, FileSystemCheck>> InjectedTables =
            new ConditionalWeakTable<IMountTable, ConcurrentDictionary<string, FileSystemCheck>>();

        public static FileSystemCheck Get(string databasePath, IMountTable? mountTable)
        {
            var cache = mountTable is null ? SystemTable : InjectedTables.GetValue(mountTable, _ => new ConcurrentDictionary<string, FileSystemCheck>(StringComparer.Ordinal));
            if (cache.TryGetValue(databasePath, out var check)) return check;
            check = NetworkFileSystemGuard.Check(databasePath, mountTable);
            if (cache.Count < MaxFilesPerTable) cache.TryAdd(databasePath, check);
            return check;
        }
    }
}
