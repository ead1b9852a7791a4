import Foundation
import Loom

/// The options of `loom_text_model_generate`, read from JSON naming only what it changes.
///
/// The request's fields (`maxTokens`, `temperature`, `topK`, the stops) go to `TextRequest`, the
/// sampler's (`topP`, `minP`, the penalty, `threads`, `startsNewWord`) to `TransformerSampling`;
/// the generator checks their ranges. Unknown keys are errors located in `<options>`.
struct TextModelOptions: Decodable {
    /// Default: 64; at least 1.
    var maxTokens = 64
    /// 0 is greedy. Default: 1; range [0, 10].
    var temperature = 1.0
    /// Default: 0 (all tokens).
    var topK = 0
    var topP = 1.0
    var minP = 0.0
    var repetitionPenalty = 1.0
    var repetitionWindow = 64
    /// Default: 1; 1 to 256 (the text is the same on any count).
    var threads = 1
    var startsNewWord = false
    /// Stop after the first sentence. Default: `false`.
    var stopAtSentenceEnd = false
    /// Strings that end the text (not returned). Default: none.
    var stop: [String] = []
    /// Whether the prompt is a user's chat message. Default: `nil`, on when the model names a template.
    var chat: Bool?
    /// The system message of a chat. Default: none.
    var system: String?
    /// A chat template by name (`chatml`, `llama3`, …), replacing the model's.
    var chatTemplate: String?

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxTokens, temperature, topK, topP, minP, repetitionPenalty, repetitionWindow, threads, startsNewWord
        case stopAtSentenceEnd, stop, chat, system, chatTemplate
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens) ?? maxTokens
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? temperature
        topK = try c.decodeIfPresent(Int.self, forKey: .topK) ?? topK
        topP = try c.decodeIfPresent(Double.self, forKey: .topP) ?? topP
        minP = try c.decodeIfPresent(Double.self, forKey: .minP) ?? minP
        repetitionPenalty = try c.decodeIfPresent(Double.self, forKey: .repetitionPenalty) ?? repetitionPenalty
        repetitionWindow = try c.decodeIfPresent(Int.self, forKey: .repetitionWindow) ?? repetitionWindow
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? threads
        startsNewWord = try c.decodeIfPresent(Bool.self, forKey: .startsNewWord) ?? startsNewWord
        stopAtSentenceEnd = try c.decodeIfPresent(Bool.self, forKey: .stopAtSentenceEnd) ?? stopAtSentenceEnd
        stop = try c.decodeIfPresent([String].self, forKey: .stop) ?? stop
        chat = try c.decodeIfPresent(Bool.self, forKey: .chat)
        system = try c.decodeIfPresent(String.self, forKey: .system)
        chatTemplate = try c.decodeIfPresent(String.self, forKey: .chatTemplate)
    }

    /// Options from `json`; NULL, empty or blank text gives every default.
    static func read(_ json: String?) throws -> TextModelOptions {
        guard let json, !json.allSatisfy(\.isWhitespace) else { return TextModelOptions() }
        let options = try LocatedJSONDecoder(rejectsUnknownKeys: true)
            .decode(TextModelOptions.self, from: json, file: "<options>")
        // The generator checks the other ranges before its first token; threads it would clamp.
        guard (1...256).contains(options.threads) else {
            throw CAPIFailure(.invalidArgument, "threads must be 1 to 256 (got \(options.threads))")
        }
        return options
    }

    var sampling: TransformerSampling {
        TransformerSampling(
            topP: topP, minP: minP, repetitionPenalty: repetitionPenalty, repetitionWindow: repetitionWindow,
            threads: threads, startsNewWord: startsNewWord)
    }

    func request(prompt: String, seed: Seed) -> TextRequest {
        TextRequest(
            prompt: prompt, seed: seed, maxTokens: maxTokens,
            stop: TextStop(atSentenceEnd: stopAtSentenceEnd, strings: stop), temperature: temperature, topK: topK)
    }
}
