namespace OmniSqlite.Tests.Generated;

/// <summary>
/// Which data path the generated code of this test assembly runs on: native statements in OmniSqlite.Tests (the
/// default), ADO.NET in OmniSqlite.AdoNet.Tests, which compiles this folder again with the switch set.
/// </summary>
internal static class GeneratedPath
{
#if OMNISQLITE_ADONET_PATH
    public static readonly bool Native = false;
#else
    public static readonly bool Native = true;
#endif
}
