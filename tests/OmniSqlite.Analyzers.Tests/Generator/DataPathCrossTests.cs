using System.Reflection;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>
/// The same entity source compiled twice, once on each data path ([assembly: OmniSqliteGeneration(DataPath = ...)]):
/// a file written by each path holds byte-identical values (typeof and hex of every column) and reads back through the
/// other path value by value, for every supported type, with extremes, empties and nulls.
/// </summary>
public sealed class DataPathCrossTests
{
    private const string Entity = """
        using System;
        using System.Globalization;
        using System.Linq;
        using OmniSqlite;
        namespace App
        {
            public enum Mood : long { Low = long.MinValue, Calm = 0, High = long.MaxValue }
            public enum Bits : ulong { None = 0, Top = 0x8000000000000000 }
            public sealed class Sample
            {
                [PrimaryKey] public long Id { get; set; }
                public bool B { get; set; }
                public byte U8 { get; set; }
                public sbyte I8 { get; set; }
                public short I16 { get; set; }
                public ushort U16 { get; set; }
                public int I32 { get; set; }
                public uint U32 { get; set; }
                public long I64 { get; set; }
                public ulong U64 { get; set; }
                public float F32 { get; set; }
                public double F64 { get; set; }
                [Indexed] public decimal Dec { get; set; }
                public string S { get; set; } = "";
                public byte[] Bytes { get; set; } = Array.Empty<byte>();
                [Indexed] public Guid G { get; set; }
                public DateTime Dt { get; set; }
                [Indexed] public DateTimeOffset Dto { get; set; }
                public TimeSpan Ts { get; set; }
                public DateOnly Do { get; set; }
                public TimeOnly To { get; set; }
                public Mood M { get; set; }
                public Bits Flags { get; set; }
                public bool? NB { get; set; }
                public int? NI32 { get; set; }
                public double? NF64 { get; set; }
                public decimal? NDec { get; set; }
                public string? NS { get; set; }
                public byte[]? NBytes { get; set; }
                public Guid? NG { get; set; }
                public DateTime? NDt { get; set; }
                public DateTimeOffset? NDto { get; set; }
                public TimeSpan? NTs { get; set; }
                public DateOnly? NDo { get; set; }
                public TimeOnly? NTo { get; set; }
                public Mood? NM { get; set; }
            }

            public static class Program
            {
                public static Sample[] Samples() => new[]
                {
                    new Sample(),
                    new Sample
                    {
                        B = true, U8 = byte.MaxValue, I8 = sbyte.MinValue, I16 = short.MinValue, U16 = ushort.MaxValue, I32 = int.MinValue, U32 = uint.MaxValue,
                        I64 = long.MinValue, U64 = ulong.MaxValue, F32 = float.MaxValue, F64 = double.Epsilon, Dec = decimal.MaxValue, S = "é ☃ 😀 \"quoted\" 'single' and a long tail " + new string('x', 200),
                        Bytes = new byte[] { 0, 1, 255, 0 }, G = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Dt = DateTime.MaxValue, Dto = new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.FromMinutes(330)).AddTicks(9999),
                        Ts = TimeSpan.MinValue, Do = DateOnly.MaxValue, To = TimeOnly.MaxValue, M = Mood.Low, Flags = Bits.Top,
                        NB = false, NI32 = 0, NF64 = -0.5, NDec = -0.0001m, NS = "", NBytes = Array.Empty<byte>(), NG = Guid.Empty, NDt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                        NDto = new DateTimeOffset(1999, 12, 31, 16, 0, 0, TimeSpan.FromHours(-8)), NTs = new TimeSpan(1, 2, 3, 4, 5), NDo = DateOnly.MinValue, NTo = new TimeOnly(12, 0), NM = Mood.High,
                    },
                    new Sample
                    {
                        U8 = 1, I8 = sbyte.MaxValue, I16 = short.MaxValue, I32 = int.MaxValue, I64 = long.MaxValue, U64 = 1, F32 = -1.5f, F64 = double.NegativeInfinity, Dec = decimal.MinValue,
                        S = "a", Bytes = new byte[300], G = Guid.Parse("ffffffff-0000-4000-8000-00000000000a"), Dt = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Local).AddTicks(1234567), Dto = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
                        Ts = TimeSpan.MaxValue, Do = new DateOnly(2024, 2, 29), To = new TimeOnly(0, 0, 0, 1), M = Mood.High, NF64 = double.MaxValue, NDec = 123456789.123456789m,
                        NS = "x", NTs = TimeSpan.FromTicks(-1), NDto = DateTimeOffset.MaxValue,
                    },
                };

                public static void Write(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    App.OmniSqliteSchema.EnsureCreated(c);
                    var repo = new SampleRepository(c);
                    repo.InsertMany(Samples());
                }

                /// <summary>Every value of every row, by GetAll, then by the indexed finders (binds of decimal, Guid and DateTimeOffset).</summary>
                public static string Read(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    var repo = new SampleRepository(c);
                    var all = repo.GetAll();
                    var found = all.Select(s => repo.FindByDec(s.Dec).Count + "/" + repo.FindByG(s.G).Count + "/" + repo.FindByDto(s.Dto).Count);
                    return string.Join("\n", all.Select(Format)) + "\n" + string.Join(",", found);
                }

                public static string Expected() => string.Join("\n", Samples().Select((s, i) => { s.Id = i + 1; return Format(s); }));

                private static string Format(Sample s) => string.Join("|", new object?[]
                {
                    s.Id, s.B, s.U8, s.I8, s.I16, s.U16, s.I32, s.U32, s.I64, s.U64, s.F32, s.F64, s.Dec, s.S, s.Bytes, s.G, s.Dt, s.Dto, s.Ts, s.Do, s.To, s.M, s.Flags,
                    s.NB, s.NI32, s.NF64, s.NDec, s.NS, s.NBytes, s.NG, s.NDt, s.NDto, s.NTs, s.NDo, s.NTo, s.NM,
                }.Select(Text));

                private static string Text(object? v) => v switch
                {
                    null => "null",
                    byte[] b => "0x" + Convert.ToHexString(b),
                    // Storage keeps neither DateTime.Kind nor a decimal's trailing zeros (on both paths): compare what it keeps.
                    DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                    decimal m => m.ToString("0.0###########################", CultureInfo.InvariantCulture),
                    DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),   // the instant (whether the offset is kept is the storage's business)
                    TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
                    TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
                    float f => f.ToString("R", CultureInfo.InvariantCulture),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => v.ToString() ?? "",
                };
            }
        }
        """;

    private const string AdoNet = "[assembly: OmniSqlite.OmniSqliteGeneration(DataPath = OmniSqlite.DataPath.AdoNet)]";

    [Fact]
    public void A_file_written_by_each_path_is_byte_identical_and_reads_back_through_the_other()
    {
        var native = Compile("CrossNative", Entity);
        var adoNet = Compile("CrossAdoNet", Entity, AdoNet);
        Assert.Null(native.GetType("App.SampleRepository")!.GetField("_insert", BindingFlags.NonPublic | BindingFlags.Instance));
        Assert.NotNull(adoNet.GetType("App.SampleRepository")!.GetField("_insert", BindingFlags.NonPublic | BindingFlags.Instance));

        var folder = Directory.CreateTempSubdirectory("omnisqlite-cross-");
        try
        {
            string nativeFile = Path.Combine(folder.FullName, "native.db"), adoNetFile = Path.Combine(folder.FullName, "adonet.db");
            Run(native, "Write", nativeFile);
            Run(adoNet, "Write", adoNetFile);

            // Byte-identical storage: the SQL type and the bytes of every column of every row.
            var nativeStored = Stored(nativeFile);
            var adoNetStored = Stored(adoNetFile);
            Assert.Equal(3, nativeStored.Count);
            Assert.Equal(3, adoNetStored.Count);
            for (int row = 0; row < 3; row++)
            {
                var differing = nativeStored[row].Split('|').Zip(adoNetStored[row].Split('|')).Where(p => p.First != p.Second).Select(p => "native " + p.First + " / ADO.NET " + p.Second);
                Assert.True(nativeStored[row] == adoNetStored[row], "row " + (row + 1) + ": " + string.Join("; ", differing));
            }

            // Each file read through the other path, value by value, equals what was written; the finders find every row.
            string expected = (string)Run(native, "Expected", null)! + "\n1/1/1,1/1/1,1/1/1";
            SameValues(expected, (string)Run(adoNet, "Read", nativeFile)!, "native file read on the ADO.NET path");
            SameValues(expected, (string)Run(native, "Read", adoNetFile)!, "ADO.NET file read on the native path");
            SameValues(expected, (string)Run(native, "Read", nativeFile)!, "native file read on the native path");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Value by value, naming the values that differ.</summary>
    private static void SameValues(string expected, string actual, string what)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        Assert.Equal(e.Length, a.Length);
        for (int row = 0; row < e.Length; row++)
        {
            var differing = e[row].Split('|').Zip(a[row].Split('|')).Select((p, i) => (p, i)).Where(x => x.p.First != x.p.Second)
                .Select(x => "value " + x.i + ": wrote " + x.p.First + ", read " + x.p.Second);
            Assert.True(e[row] == a[row], what + ", row " + (row + 1) + ": " + string.Join("; ", differing));
        }
    }

    private static Assembly Compile(string name, params string[] sources)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.Compile(name, sources));
        Assert.Empty(result.CompileErrorsAndWarnings);
        return GeneratorHarness.Load(result.Output);
    }

    private static object? Run(Assembly assembly, string method, string? file)
    {
        var m = assembly.GetType("App.Program")!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!;
        if (file is null) return m.Invoke(null, null);
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        return m.Invoke(null, new object[] { connection });
    }

    /// <summary>typeof and hex of every column, per row in rowid order.</summary>
    private static List<string> Stored(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('sample') ORDER BY cid";
            using var r = info.ExecuteReader();
            while (r.Read()) columns.Add(r.GetString(0));
        }
        Assert.True(columns.Count > 30);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT " + string.Join(" || '|' || ", columns.Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || hex(\"{c}\")")) + " FROM sample ORDER BY rowid";
        var rows = new List<string>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read()) rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
