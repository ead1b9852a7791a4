import Foundation
import LoomCore
import LoomStory
import LoomText

/// Writes what a story's `<<generate_options "…" N>>` offers with a world's instruct model
/// (`WorldText.chatWriter`): the options, held to a JSON-list grammar while they are sampled
/// and to the world's `LineGuard`, and the passage a chosen option leads to.
///
/// Without an instruct model it proposes nothing, so the story offers its authored options
/// only; a passage the model cannot write well enough is the world's fallback text (the
/// grammar symbol `fallback`), or nothing.
///
/// ```swift
/// let functions = StoryTextFunctions(try WorldText.load(from: "Worlds/isles"))
/// let runner = functions.makeRunner(story: story, seed: Seed(7))  // sets runner.optionWriter
/// ```
public final class WorldOptionWriter: StoryOptionWriter {
    /// The world's text assets.
    public let text: WorldText
    private let binding: StoryTextBinding

    /// A writer over `text`, reading the story's facts, variables and lines through `binding`.
    public init(text: WorldText, binding: StoryTextBinding) {
        self.text = text
        self.binding = binding
    }

    /// The story prompt's parts for `instruction`.
    private func context(_ instruction: String) -> StoryPrompt {
        binding.prompt(instruction, settings: text.proseSettings?.prompt ?? StoryPromptSettings(), aligned: true)
    }

    public func writeOptions(_ request: GeneratedOptionsRequest) throws -> [String] {
        guard let writer = text.chatWriter else { return [] }
        let context = context(request.call.instruction)
        let attempts = text.proseSettings?.attempts ?? 3
        var options = StoryOptionsRequest(
            system: text.systemPrompt(context), situation: context.situation, scene: context.lines,
            instruction: request.call.instruction, count: request.call.count, authored: request.authored,
            attempts: attempts, seed: request.seed, sampling: text.chatSampling)
        // Every recent line, the player's choices among them, beyond the few the prompt shows.
        options.earlier = binding.history
        let rules = text.lineGuard(context, names: binding.knownNames(), recent: context.lines)
        let outcome = try writer.writeOptions(options, guard: rules)
        let result = TextResult(
            text: outcome.options.joined(separator: " | "), tokenCount: outcome.computedTokens,
            finish: outcome.options.isEmpty ? .fallback : .endOfText)
        binding.report(
            StoryTextWrite(
                key: request.call.key, function: GeneratedOptionsCall.command,
                line: WorldTextLine(
                    result: result, source: outcome.options.isEmpty ? .authored : .prose, prompt: options.userMessage,
                    candidates: outcome.candidates)))
        return outcome.options
    }

    /// The passage opens by telling the choice back to the player ("You ask the fisherman
    /// about the reef"), and the model finishes the sentence with what happens.
    public func writePassage(for option: String, request: GeneratedOptionsRequest, seed: Seed) throws -> [String] {
        let action = Self.lowercasedFirst(option).trimmingCharacters(in: CharacterSet(charactersIn: ".!"))
        let instruction = "what happens when the player chooses to \(action)"
        let context = context(instruction)
        var line: WorldTextLine?
        if let writer = text.chatWriter {
            var passage = text.chatLineRequest(prefix: "You \(action)", context: context, seed: seed, maxTokens: nil)
            passage.instruction = instruction
            passage.maxWords = max(passage.maxWords, 30)
            // The chosen option is among the recent lines, and the passage repeats it on purpose.
            let recent = context.lines.filter { StoryPrompt.asSentence($0) != StoryPrompt.asSentence(option) }
            var rules = text.lineGuard(context, names: binding.knownNames(), recent: recent)
            rules.maxWords = passage.maxWords
            let outcome = try writer.writeLine(passage, guard: rules, embedder: binding.embedder)
            if let written = outcome.line {
                line = WorldTextLine(
                    result: TextResult(text: written, tokenCount: outcome.computedTokens, finish: .sentenceEnd),
                    source: .prose, prompt: passage.userMessage, candidates: outcome.candidates)
            }
        }
        if line == nil {
            let fallback = try text.authoredFallback("", seed: seed)
            line = WorldTextLine(
                result: TextResult(text: fallback, tokenCount: 0, finish: .fallback), source: .authored,
                prompt: instruction)
        }
        guard let line else { return [] }
        binding.report(StoryTextWrite(key: request.call.key, function: "passage", line: line))
        return line.result.text.isEmpty ? [] : [line.result.text]
    }

    /// `text` with its first letter lowered, unless it opens with a name-like word of two
    /// capitals or more ("Ask the captain" → "ask the captain").
    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first, first.isUppercase else { return text }
        let word = text.prefix { $0.isLetter }
        if word.count > 1, word.dropFirst().contains(where: \.isUppercase) { return text }
        return first.lowercased() + text.dropFirst()
    }
}
