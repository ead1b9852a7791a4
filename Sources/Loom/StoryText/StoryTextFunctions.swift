import LoomCore
import LoomStory
import LoomText

/// The text functions every story of a world can call, backed by a ``WorldText``:
///
/// | Call | Type | Result |
/// |---|---|---|
/// | `generate(prompt, fallback)` | `(string, string) -> string` | prose from the world's writers (``WorldText/write(prompt:context:fallback:seed:maxTokens:names:embedder:)``) |
/// | `generate_n(prompt, fallback, tokens)` | `(string, string, number) -> string` | the same with a token budget |
/// | `grammar(symbol)` | `(string) -> string` | an expansion of a grammar symbol |
/// | `name(culture)` | `(string) -> string` | a new name of a naming culture |
///
/// They work wherever a story evaluates expressions: lines (`{generate("The harbour", "")}`),
/// option text and `<<set>>`. An empty `fallback` uses the world's fallback table (the grammar
/// symbol `fallback`).
///
/// Each call's seed is `runnerSeed.derive("text").derive(site.key)`, where `site` is the
/// runner's `StoryRunner.currentCallSite` (node, instruction offset, completed visits), and
/// the result is kept in the runner's `StoryRunner.generatedText` under `site.key`, which
/// `StoryRunner.saveState()` saves: replays and loaded saves show the same words.
///
/// A world's transformer continues a prompt built from the world's facts, the story's recent
/// lines and the instruction (``StoryPrompt``); the binding returned by
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
        let binding = StoryTextBinding()
        let text = self.text
        library.register("generate", parameters: [.string, .string], returns: .string) { args in
            .string(
                try binding.write("generate", args) { seed in
                    try Self.write(text, binding, args[0].description, args[1].description, seed, nil)
                })
        }
        library.register("generate_n", parameters: [.string, .string, .number], returns: .string) { args in
            let tokens = Int(args[2])
            guard tokens >= 1 else {
                throw LoomError(.runtime, "generate_n needs a token budget of at least 1 (got \(tokens))")
            }
            return .string(
                try binding.write("generate_n", args) { seed in
                    try Self.write(text, binding, args[0].description, args[1].description, seed, tokens)
                })
        }
        library.register("grammar", parameters: [.string], returns: .string) { args in
            .string(try binding.call("grammar", args) { try text.expand(symbol: args[0].description, seed: $0) })
        }
        library.register("name", parameters: [.string], returns: .string) { args in
            .string(try binding.call("name", args) { try text.name(culture: args[0].description, seed: $0) })
        }
        return binding
    }

    /// `generate`'s text: the transformer continues the story prompt (when the world declares
    /// one, ``WorldText/proseSettings``), the n-gram model the bare instruction.
    private static func write(
        _ text: WorldText, _ binding: StoryTextBinding, _ instruction: String, _ fallback: String, _ seed: Seed,
        _ tokens: Int?
    ) throws -> (String, WorldTextLine?) {
        let context =
            text.prose == nil
            ? nil
            : text.proseSettings.map {
                binding.prompt(instruction, settings: $0.prompt, aligned: text.chatWriter != nil)
            }
        let line = try text.write(
            prompt: instruction, context: context, fallback: fallback, seed: seed, maxTokens: tokens,
            names: text.chatWriter == nil ? [] : binding.knownNames(), embedder: binding.embedder)
        return (line.result.text, line)
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
