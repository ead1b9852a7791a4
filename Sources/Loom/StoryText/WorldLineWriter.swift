import LoomCore
import LoomStory
import LoomText

/// A world's writer chain in a story runner's slot (`StoryRunner.lineWriter`, or an ink
/// session's): it writes the calls of ``StoryTextFunctions``' functions from a `WorldText`,
/// reading the story's facts, variables and recent lines through the binding, and reports each
/// `generate` line it writes to ``StoryTextBinding/onWrite``.
///
/// ``StoryTextBinding/attach(_:)`` puts one in the runner it attaches; the runner looks a call
/// up in its saved text first and asks the writer only for calls it has not written.
final class WorldLineWriter: StoryLineWriter {
    let text: WorldText
    let binding: StoryTextBinding

    init(text: WorldText, binding: StoryTextBinding) {
        self.text = text
        self.binding = binding
    }

    func write(_ call: StoryTextCall) throws -> String {
        switch call.function {
        case "generate":
            return try line(call, tokens: nil)
        case "generate_n":
            let tokens = Int(try argument(2, of: call))
            guard tokens >= 1 else {
                throw LoomError(.runtime, "generate_n needs a token budget of at least 1 (got \(tokens))")
            }
            return try line(call, tokens: tokens)
        case "grammar":
            return try text.expand(symbol: try argument(0, of: call).description, seed: call.seed)
        case "name":
            return try text.name(culture: try argument(0, of: call).description, seed: call.seed)
        default:
            throw LoomError(
                .runtime,
                "a world's text writer writes \(StoryTextFunctions.functionNames.joined(separator: ", ")), "
                    + "not '\(call.function)'")
        }
    }

    /// `generate`'s text: the transformer continues the story prompt (when the world declares
    /// one, `WorldText.proseSettings`), the n-gram model the bare instruction.
    private func line(_ call: StoryTextCall, tokens: Int?) throws -> String {
        let instruction = try argument(0, of: call).description
        let fallback = try argument(1, of: call).description
        let context =
            text.prose == nil
            ? nil
            : text.proseSettings.map {
                binding.prompt(instruction, settings: $0.prompt, aligned: text.chatWriter != nil)
            }
        let line = try text.write(
            prompt: instruction, context: context, fallback: fallback, seed: call.seed, maxTokens: tokens,
            names: text.chatWriter == nil ? [] : binding.knownNames(), embedder: binding.embedder)
        binding.report(StoryTextWrite(key: call.key, function: call.function, line: line))
        return line.result.text
    }

    private func argument(_ index: Int, of call: StoryTextCall) throws -> StoryValue {
        guard index < call.arguments.count else {
            throw LoomError(
                .runtime, "'\(call.function)' needs at least \(index + 1) arguments (got \(call.arguments.count))")
        }
        return call.arguments[index]
    }
}
