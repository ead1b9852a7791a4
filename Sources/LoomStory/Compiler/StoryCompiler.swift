import LoomCore

/// Compiles Yarn Spinner 3 sources into a ``Story``.
///
/// Every error in every file is reported at once, each located as `file:line:column`.
///
/// ```swift
/// let story = try StoryCompiler.compile([StorySource(name: "intro.yarn", text: text)])
/// ```
public enum StoryCompiler {
    /// The result of checking sources: the story when there was no error, and every diagnostic.
    public struct Result: Sendable {
        /// The compiled story, or `nil` when any diagnostic is an error.
        public var story: Story?
        /// Errors and warnings in source order per file.
        public var diagnostics: [Diagnostic]
    }

    /// Compiles, returning diagnostics instead of throwing.
    public static func check(_ sources: [StorySource], functions: FunctionLibrary = FunctionLibrary()) -> Result {
        let context = ParseContext()
        var syntax = StorySyntax()
        for source in sources {
            var parser = Parser(source: source.text, file: source.name, context: context)
            let parsed = parser.parse()
            syntax.nodes += parsed.nodes
            syntax.declarations += parsed.declarations
            syntax.enums += parsed.enums
        }
        var checker = TypeChecker(context: context, functions: functions)
        checker.check(syntax)
        var generator = CodeGenerator(syntax: syntax, checker: checker, context: context)
        generator.checkStructure()
        if context.hasErrors {
            return Result(story: nil, diagnostics: context.diagnostics)
        }
        let story = generator.generate()
        return Result(story: context.hasErrors ? nil : story, diagnostics: context.diagnostics)
    }

    /// Compiles sources into a story, throwing a `LoomError` of kind `LoomError.Kind.story`
    /// carrying every error when there is any.
    public static func compile(_ sources: [StorySource], functions: FunctionLibrary = FunctionLibrary()) throws -> Story
    {
        let result = check(sources, functions: functions)
        guard let story = result.story else {
            throw LoomError(.story, diagnostics: result.diagnostics.filter { $0.severity == .error })
        }
        return story
    }
}
