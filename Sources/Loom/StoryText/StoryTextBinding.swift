import LoomCore
import LoomStory

/// Links the text functions of one ``FunctionLibrary`` to the runner that calls them, for the
/// call's place (seed) and the runner's generated-text cache.
///
/// Holds the runner weakly (the runner holds the functions). A runner is used from one thread
/// at a time, and so is its binding.
public final class StoryTextBinding: @unchecked Sendable {
    private weak var runner: StoryRunner?

    init() {}

    /// Binds the functions to `runner`, replacing any earlier runner.
    public func attach(_ runner: StoryRunner) { self.runner = runner }

    /// The cached text of this call's place, or `make`'s text for the place's seed, cached.
    ///
    /// Outside a story call site (a function called while no runner runs), the seed is derived
    /// from the function name and arguments and nothing is cached.
    func call(_ function: String, _ arguments: [StoryValue], make: (Seed) throws -> String) throws -> String {
        guard let runner else {
            throw LoomError(.runtime, "'\(function)' was called before its text functions were attached to a runner")
        }
        guard let site = runner.currentCallSite else {
            let label = ([function] + arguments.map(\.description)).joined(separator: "\u{1F}")
            return try make(runner.seed.derive("text").derive(label))
        }
        let key = site.key
        if let cached = runner.generatedText[key] { return cached }
        let text = try make(runner.seed.derive("text").derive(key))
        runner.generatedText[key] = text
        return text
    }
}
