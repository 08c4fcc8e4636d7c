using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// In-process cost of OmniSqlite's generator and analyzers on a project written by scripts/compile-cost.py --keep DIR.
// Thread CPU time inside each analyzer callback, per analyzer and action kind (no wall clock: a loaded machine's
// preemption is not counted), and the generator's process CPU time; round 0 (JIT) is dropped.
//
//   python3 scripts/compile-cost.py --entities 100 --sql 500 --runs 1 --keep /tmp/cc
//   grep -o '/reference:[^ ]*' /tmp/cc/logs/build-omni-warmup-0.log | sed 's|/reference:||' | sort -u > /tmp/cc/refs.txt
//   dotnet run -c Release --project scripts/analyzer-cost -- /tmp/cc /tmp/cc/refs.txt 4 timed-all
//
// Sets: noop-start, noop-syntaxnode, noop-operation, noop-codeblock, noop-codeblock-getop (the price of asking Roslyn for
// syntax nodes / operations / code blocks at all, and of binding every code block),
// each analyzer alone, all-ours, timed-all (all, with per-callback thread CPU), bound-timed-all (timed-all after a no-op
// operation analyzer; run it alone: both timed sets add to the same totals). Linux only (clock_gettime).
var folder = args[0];
var refs = File.ReadAllLines(args[1]).Where(l => l.Length > 0).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
var only = args.Length > 3 ? args[3].Split(',') : null;
var parse = new CSharpParseOptions(LanguageVersion.Preview);
var files = Directory.GetFiles(folder, "*.cs", SearchOption.TopDirectoryOnly);
var analyzerAssembly = typeof(OmniSqlite.Analyzers.Generator.EntityGenerator).Assembly;
var ours = analyzerAssembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToList();
var sets = new List<(string, DiagnosticAnalyzer[])> { ("noop-start", new DiagnosticAnalyzer[] { new Noop(0) }), ("noop-syntaxnode", new DiagnosticAnalyzer[] { new Noop(1) }), ("noop-operation", new DiagnosticAnalyzer[] { new Noop(2) }), ("noop-codeblock", new DiagnosticAnalyzer[] { new Noop(3) }), ("noop-codeblock-getop", new DiagnosticAnalyzer[] { new Noop(4) }) };
foreach (var a in ours) sets.Add((a.GetType().Name, new[] { a }));
sets.Add(("timed-all", ours.Select(a => (DiagnosticAnalyzer)new Timed(a)).ToArray()));
// With a no-op operation analyzer first, Roslyn binds every block before the code block actions run. This was meant to leave
// only our own work, but on 2026-12-02 it charged SqlAnalyzer more, not less (196 against 27-35 ms); read it with care.
sets.Add(("bound-timed-all", new DiagnosticAnalyzer[] { new Noop(2) }.Concat(ours.Select(a => (DiagnosticAnalyzer)new Timed(a))).ToArray()));
sets.Add(("all-ours", ours.ToArray()));
if (only != null) sets = sets.Where(s => only.Contains(s.Item1)).ToList();
double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
var results = new Dictionary<string, List<double>>();
for (int r = 0; r < rounds; r++)
{
    if (r == 1) { ThreadCpu.Totals.Clear(); results.Clear(); }
    var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
    var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
    var compilation = CSharpCompilation.Create("Synthetic", trees, refs, options);
    var c0 = Cpu();
    GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new OmniSqlite.Analyzers.Generator.EntityGenerator().AsSourceGenerator() }, parseOptions: parse);
    driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var genDiags);
    var gen = Cpu() - c0; Console.WriteLine($"round {r} generator cpu {gen:F0} ms, timing {driver.GetTimingInfo().ElapsedTime.TotalMilliseconds:F0} ms");
    (results.TryGetValue("generator", out var gl) ? gl : results["generator"] = new()).Add(gen);
    foreach (var (name, set) in sets)
    {
        var fresh = output.RemoveAllSyntaxTrees().AddSyntaxTrees(output.SyntaxTrees); // unbound copy
        var cwa = fresh.WithAnalyzers(set.ToImmutableArray(), new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        GC.Collect();
        var t0 = Cpu();
        var diags = await cwa.GetAnalyzerDiagnosticsAsync();
        var cpu = Cpu() - t0;
        double exec = 0; foreach (var a in set) exec += (await cwa.GetAnalyzerTelemetryInfoAsync(a, default)).ExecutionTime.TotalMilliseconds;
        (results.TryGetValue(name, out var l) ? l : results[name] = new()).Add(cpu);
        Console.WriteLine($"round {r} {name,-34} cpu {cpu,8:F0} ms  reported exec {exec,8:F0} ms  diags {diags.Length}");
    }
}
Console.WriteLine("thread-CPU inside callbacks (timed-all, summed over rounds):");
foreach (var (k, v) in ThreadCpu.Totals.OrderBy(k => k.Key)) Console.WriteLine($"  {k,-44} {v.Ns / 1e6 / (rounds - 1),9:F1} ms/round  {v.Count / (rounds - 1),8} calls/round  {v.Bytes / 1024.0 / 1024 / (rounds - 1),7:F2} MB/round");
Console.WriteLine("medians (cpu ms):");
foreach (var (k, v) in results) { v.Sort(); Console.WriteLine($"  {k,-34} {v[v.Count / 2],8:F0}"); }

[DiagnosticAnalyzer(LanguageNames.CSharp)]
sealed class Noop : DiagnosticAnalyzer
{
    readonly int _kind;
    public Noop(int kind) { _kind = kind; }
    static readonly DiagnosticDescriptor D = new("NOOP1", "t", "t", "t", DiagnosticSeverity.Warning, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(D);
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(s =>
        {
            if (_kind == 1) s.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.InvocationExpression);
            if (_kind == 2) s.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            if (_kind == 3) s.RegisterCodeBlockAction(_ => { });
            if (_kind == 4) s.RegisterCodeBlockAction(b => b.SemanticModel.GetOperation(b.CodeBlock));
        });
    }
}
