using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)] struct Timespec { public long Sec; public long Nsec; }
    [DllImport("libc")] static extern int clock_gettime(int clk, out Timespec ts);
    public static long Now() { clock_gettime(3, out var t); return t.Sec * 1_000_000_000 + t.Nsec; }
    // Bytes allocated on the thread inside the callbacks too: in a compiler process GC pauses land on whoever allocates.
    public static readonly ConcurrentDictionary<string, (long Ns, long Count, long Bytes)> Totals = new();
    public static void Add(string key, long ns, long bytes) => Totals.AddOrUpdate(key, (ns, 1, bytes), (_, v) => (v.Ns + ns, v.Count + 1, v.Bytes + bytes));
    public static T Time<T>(string key, Func<T> f) { var t = Now(); var b = GC.GetAllocatedBytesForCurrentThread(); try { return f(); } finally { Add(key, Now() - t, GC.GetAllocatedBytesForCurrentThread() - b); } }
    public static void Time(string key, Action f) { var t = Now(); var b = GC.GetAllocatedBytesForCurrentThread(); try { f(); } finally { Add(key, Now() - t, GC.GetAllocatedBytesForCurrentThread() - b); } }
}

/// <summary>Wraps an analyzer: every callback it registers is timed in thread CPU time, per analyzer and action kind.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
sealed class Timed : DiagnosticAnalyzer
{
    readonly DiagnosticAnalyzer _inner; readonly string _name;
    public Timed(DiagnosticAnalyzer inner) { _inner = inner; _name = inner.GetType().Name; }
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _inner.SupportedDiagnostics;
    public override void Initialize(AnalysisContext context) => _inner.Initialize(new Ctx(context, _name));

    sealed class Ctx : AnalysisContext
    {
        readonly AnalysisContext c; readonly string n;
        public Ctx(AnalysisContext c, string n) { this.c = c; this.n = n; }
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => c.ConfigureGeneratedCodeAnalysis(analysisMode);
        public override void EnableConcurrentExecution() => c.EnableConcurrentExecution();
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => c.RegisterCompilationStartAction(s => ThreadCpu.Time(n + " start", () => action(new Start(s, n))));
        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => c.RegisterCompilationAction(x => ThreadCpu.Time(n + " compilation", () => action(x)));
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => c.RegisterSemanticModelAction(x => ThreadCpu.Time(n + " semanticmodel", () => action(x)));
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> k) => c.RegisterSymbolAction(x => ThreadCpu.Time(n + " symbol", () => action(x)), k);
        public override void RegisterCodeBlockStartAction<T>(Action<CodeBlockStartAnalysisContext<T>> action) => c.RegisterCodeBlockStartAction<T>(x => ThreadCpu.Time(n + " codeblockstart", () => action(x)));
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => c.RegisterCodeBlockAction(x => ThreadCpu.Time(n + " codeblock", () => action(x)));
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => c.RegisterSyntaxTreeAction(x => ThreadCpu.Time(n + " tree", () => action(x)));
        public override void RegisterSyntaxNodeAction<T>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<T> k) => c.RegisterSyntaxNodeAction(x => ThreadCpu.Time(n + " node", () => action(x)), k);
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> k) => c.RegisterOperationAction(x => ThreadCpu.Time(n + " op", () => action(x)), k);
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => c.RegisterOperationBlockAction(x => ThreadCpu.Time(n + " opblock", () => action(x)));
    }

    sealed class Start : CompilationStartAnalysisContext
    {
        readonly CompilationStartAnalysisContext c; readonly string n;
        public Start(CompilationStartAnalysisContext c, string n) : base(c.Compilation, c.Options, c.CancellationToken) { this.c = c; this.n = n; }
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => c.RegisterCompilationEndAction(x => ThreadCpu.Time(n + " end", () => action(x)));
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => c.RegisterSemanticModelAction(x => ThreadCpu.Time(n + " semanticmodel", () => action(x)));
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> k) => c.RegisterSymbolAction(x => ThreadCpu.Time(n + " symbol", () => action(x)), k);
        public override void RegisterCodeBlockStartAction<T>(Action<CodeBlockStartAnalysisContext<T>> action) => c.RegisterCodeBlockStartAction<T>(x => ThreadCpu.Time(n + " codeblockstart", () => action(x)));
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => c.RegisterCodeBlockAction(x => ThreadCpu.Time(n + " codeblock", () => action(x)));
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => c.RegisterSyntaxTreeAction(x => ThreadCpu.Time(n + " tree", () => action(x)));
        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => c.RegisterAdditionalFileAction(x => ThreadCpu.Time(n + " additionalfile", () => action(x)));
        public override void RegisterSyntaxNodeAction<T>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<T> k) => c.RegisterSyntaxNodeAction(x => ThreadCpu.Time(n + " node", () => action(x)), k);
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> k) => c.RegisterOperationAction(x => ThreadCpu.Time(n + " op", () => action(x)), k);
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => c.RegisterOperationBlockAction(x => ThreadCpu.Time(n + " opblock", () => action(x)));
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => c.RegisterOperationBlockStartAction(x => ThreadCpu.Time(n + " opblockstart", () => action(new BlockStart(x, n))));
    }

    sealed class BlockStart : OperationBlockStartAnalysisContext
    {
        readonly OperationBlockStartAnalysisContext c; readonly string n;
        public BlockStart(OperationBlockStartAnalysisContext c, string n) : base(c.OperationBlocks, c.OwningSymbol, c.Compilation, c.Options, c.CancellationToken) { this.c = c; this.n = n; }
        public override void RegisterOperationBlockEndAction(Action<OperationBlockAnalysisContext> action) => c.RegisterOperationBlockEndAction(x => ThreadCpu.Time(n + " opblockend", () => action(x)));
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> k) => c.RegisterOperationAction(x => ThreadCpu.Time(n + " op(in block)", () => action(x)), k);
    }
}
