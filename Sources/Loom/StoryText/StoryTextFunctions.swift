import LoomCore
import LoomStory
import LoomText

/// The text functions every story of a world can call, backed by a `WorldText`:
///
/// | Call | Type | Result |
/// |---|---|---|
/// | `generate(prompt, fallback)` | `(string, string) -> string` | prose from the world's writers (`WorldText.write(prompt:context:fallback:seed:maxTokens:names:embedder:)`) |
/// | `generate_n(prompt, fallback, tokens)` | `(string, string, number) -> string` | the same with a token budget |
/// | `grammar(symbol)` | `(string) -> string` | an expansion of a grammar symbol |
/// | `name(culture)` | `(string) -> string` | a new name of a naming culture |
///
/// They work wherever a story evaluates expressions: lines (`{generate("The harbour", "")}`),
/// option text and `<<set>>`. An empty `fallback` uses the world's fallback table (the grammar
/// symbol `fallback`).
///
/// Each call goes through the runner's one text path, `StoryRunner.writeText(_:_:)`: the call
/// is keyed by its call site (`StoryRunner.currentCallSite`: node, instruction offset, completed
/// visits), its seed is `runnerSeed.derive("text").derive(key)`, and the text is written by
/// the writer in the runner's `StoryRunner.lineWriter` slot (the world's writer chain, which
/// ``StoryTextBinding/attach(_:)`` puts there) and kept in the runner's
/// `StoryRunner.generatedText` under the key, which `StoryRunner.saveState()` saves: replays
/// and loaded saves show the same words.
///
/// A world's transformer continues a prompt built from the world's facts, the story's recent
/// lines and the instruction (`StoryPrompt`); the binding returned by
/// ``register(into:)`` supplies them (``StoryTextBinding/facts``,
/// ``StoryTextBinding/record(_:)``), and keeps the recent lines in the runner's saved state.
///
/// ```swift
/// let text = StoryTextFunctions(try WorldText.load(from: "Worlds/isles"))
/// var library = FunctionLibrary()
/// text.declare(into: &library)                          // for the compiler's type checks
/// let story = try StoryCompiler.compile(sources, functions: library)
/// let runner = text.makeRunner(story: story, seed: Seed(7))   // bound to this runner
/// ```
public struct StoryTextFunctions: Sendable {
    /// The world's text assets.
    public var text: WorldText

    /// The names of the functions this type registers.
    public static let functionNames = ["generate", "generate_n", "grammar", "name"]

    /// Functions over `text`.
    public init(_ text: WorldText) { self.text = text }

    /// Adds the functions to `library` (replacing same-named ones) and returns the binding
    /// through which they find their runner; call ``StoryTextBinding/attach(_:)`` with the
    /// runner made from `library`. Use the library for compiling, too.
    @discardableResult
    public func register(into library: inout FunctionLibrary) -> StoryTextBinding {
        let binding = StoryTextBinding(text: text)
        library.register("generate", parameters: [.string, .string], returns: .string) { args in
            .string(try binding.write("generate", args))
        }
        library.register("generate_n", parameters: [.string, .string, .number], returns: .string) { args in
            .string(try binding.write("generate_n", args))
        }
        library.register("grammar", parameters: [.string], returns: .string) { args in
            .string(try binding.write("grammar", args))
        }
        library.register("name", parameters: [.string], returns: .string) { args in
            .string(try binding.write("name", args))
        }
        return binding
    }

    /// Adds the functions to `library` for compiling only (their calls need a runner made by
    /// ``makeRunner(story:functions:seed:storage:)``).
    public func declare(into library: inout FunctionLibrary) { register(into: &library) }

    /// A runner for `story` with `functions` plus this type's functions, bound to it.
    public func makeRunner(
        story: Story, functions: FunctionLibrary = FunctionLibrary(), seed: Seed = Seed(0),
        storage: VariableStorage = InMemoryVariableStorage()
    ) -> StoryRunner {
        var library = functions
        let binding = register(into: &library)
        let runner = StoryRunner(story: story, functions: library, seed: seed, storage: storage)
        binding.attach(runner)
        runner.optionWriter = WorldOptionWriter(text: text, binding: binding)
        return runner
    }
}
