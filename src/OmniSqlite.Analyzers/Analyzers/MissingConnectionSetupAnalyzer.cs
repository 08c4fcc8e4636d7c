using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL001: a <c>SqliteConnection</c> created in a method is opened and then used for commands (or returned)
    /// without the PRAGMA setup: no <c>ApplyProfile</c> (or other OmniSqlite <c>Apply...</c> call) on it, no
    /// configured factory it is passed to, and no SQL text in the method that sets journal_mode or busy_timeout.
    /// Connections from parameters, fields and factory methods are not reported here: the factory is where the
    /// rule looks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingConnectionSetupAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingConnectionSetup);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? connectionType = start.Compilation.GetTypeByMetadataName(SqliteNames.SqliteConnection);
                if (connectionType is null) return;
                // Only a block whose text says Connection is bound (CodeBlockOperations says why), and walked only when it
                // creates a connection.
                var filter = new BlockFilter(System.StringComparison.Ordinal);
                start.RegisterCodeBlockAction(block =>
                {
                    if (!filter.Mentions(block.CodeBlock.SyntaxTree, CodeBlockOperations.ExecutablePart(block.CodeBlock), s_words, block.CancellationToken)
                        || !CreatesAnObject(block.CodeBlock)) return;
                    foreach (IOperation operation in CodeBlockOperations.All(block))
                    {
                        if (operation.Kind != OperationKind.ObjectCreation || !IsNewConnection(operation, connectionType)) continue;
                        AnalyzeBlock(block, CodeBlockOperations.Root(operation), connectionType);
                        return;
                    }
                });
            });
        }

        private static readonly string[] s_words = { "Connection" };

        /// <summary>
        /// Whether the block may create a connection into a local, from syntax alone: a <c>new X...Connection(...)</c>, or a
        /// target-typed <c>new(...)</c> assigned to a variable or declared as <c>X...Connection c = new(...)</c> (the rule
        /// follows locals only; <c>List&lt;int&gt; list = new();</c> is not worth binding the block for).
        /// </summary>
        private static bool CreatesAnObject(SyntaxNode block)
        {
            foreach (SyntaxNode node in block.DescendantNodes())
            {
                switch (node)
                {
                    case ImplicitObjectCreationExpressionSyntax implicitCreation when MayBeAConnection(implicitCreation):
                        return true;
                    case ObjectCreationExpressionSyntax creation when SqliteNames.RightmostName(creation.Type).EndsWith("Connection", System.StringComparison.Ordinal):
                        return true;
                }
            }

            return false;
        }

        private static bool MayBeAConnection(ImplicitObjectCreationExpressionSyntax creation) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
                => SqliteNames.RightmostName(declaration.Type).EndsWith("Connection", System.StringComparison.Ordinal),
            AssignmentExpressionSyntax => true,
            _ => false,
        };

        private sealed class ConnectionState
        {
            public IInvocationOperation? FirstOpen;
            public bool Used;
            public bool SetUp;
        }

        private static void AnalyzeBlock(CodeBlockAnalysisContext context, IOperation root, INamedTypeSymbol connectionType)
        {
            SyntaxTree tree = root.Syntax.SyntaxTree;
            ImmutableArray<string> factories = OmniSqliteOptions.GetConnectionFactories(context.Options, tree);
            if (context.OwningSymbol is IMethodSymbol owner && OmniSqliteOptions.IsListedMethod(owner, factories)) return;

            // One walk: connections created here, references to locals, and string-valued operations.
            Dictionary<ILocalSymbol, ConnectionState>? locals = null;
            var references = new List<ILocalReferenceOperation>();
            var texts = new List<IOperation>();
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when IsNewConnection(initializer.Value, connectionType):
                        (locals ??= new Dictionary<ILocalSymbol, ConnectionState>(SymbolEqualityComparer.Default))[declarator.Symbol] = new ConnectionState();
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when IsNewConnection(assignment.Value, connectionType):
                        (locals ??= new Dictionary<ILocalSymbol, ConnectionState>(SymbolEqualityComparer.Default))[target.Local] = new ConnectionState();
                        break;
                    case ILocalReferenceOperation reference:
                        references.Add(reference);
                        if (reference.ConstantValue.HasValue) texts.Add(reference);
                        break;
                    case ILiteralOperation or IBinaryOperation or IInterpolatedStringOperation or IFieldReferenceOperation
                        when operation.Type?.SpecialType == SpecialType.System_String:
                        texts.Add(operation);
                        break;
                }
            }

            if (locals is null) return;

            // SQL in the method that sets journal_mode or busy_timeout: the setup is done by hand.
            foreach (IOperation text in texts)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (PragmaScanner.IsConnectionSetup(ConstantText.TryFold(text))) return;
            }

            foreach (ILocalReferenceOperation reference in references)
            {
                if (locals.TryGetValue(reference.Local, out ConnectionState? state)) Classify(reference, state, factories);
            }

            foreach (KeyValuePair<ILocalSymbol, ConnectionState> pair in locals)
            {
                ConnectionState state = pair.Value;
                if (state.FirstOpen is not null && state.Used && !state.SetUp)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingConnectionSetup, state.FirstOpen.Syntax.GetLocation(), pair.Key.Name));
                }
            }
        }

        private static bool IsNewConnection(IOperation value, INamedTypeSymbol connectionType)
        {
            while (value is IConversionOperation conversion) value = conversion.Operand;
            return value is IObjectCreationOperation creation && SqliteNames.IsOrDerivesFrom(creation.Type, connectionType);
        }

        private static void Classify(ILocalReferenceOperation reference, ConnectionState state, ImmutableArray<string> factories)
        {
            IOperation current = reference;
            while (current.Parent is IConversionOperation) current = current.Parent;
            IOperation? parent = current.Parent;

            switch (parent)
            {
                case IInvocationOperation invocation when invocation.Instance == current:
                    ClassifyCall(invocation, state, factories, isReceiver: true);
                    break;
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                    bool isThis = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 && invocation.Arguments[0] == argument;
                    ClassifyCall(invocation, state, factories, isReceiver: isThis);
                    break;
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                case IReturnOperation:
                    state.Used = true;
                    break;
            }
        }

        private static void ClassifyCall(IInvocationOperation invocation, ConnectionState state, ImmutableArray<string> factories, bool isReceiver)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (IsSetupCall(method) || OmniSqliteOptions.IsListedMethod(method, factories))
            {
                state.SetUp = true;
                return;
            }

            if (isReceiver)
            {
                switch (method.Name)
                {
                    case "Open" or "OpenAsync":
                        if (state.FirstOpen is null || invocation.Syntax.SpanStart < state.FirstOpen.Syntax.SpanStart) state.FirstOpen = invocation;
                        return;
                    case "Close" or "CloseAsync" or "Dispose" or "DisposeAsync" or "GetType" or "ToString" or "Equals" or "GetHashCode":
                        return;
                }
            }

            state.Used = true;
        }

        /// <summary>ApplyProfile and any other <c>Apply...</c> method of an OmniSqlite type.</summary>
        private static bool IsSetupCall(IMethodSymbol method)
            => method.Name.StartsWith("Apply", System.StringComparison.Ordinal)
               && SqliteNames.IsInNamespace(method.ContainingType, SqliteNames.OmniSqliteNamespace);
    }
}
