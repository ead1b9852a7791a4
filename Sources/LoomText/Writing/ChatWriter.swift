import Foundation
import LoomCore

/// How a ``ChatWriter`` samples each token: llama.cpp's chain (``TokenSampler``).
///
/// `Codable`, so a world's `text` table, the CLI and a UI share it.
public struct ChatSampling: Sendable, Codable, Hashable {
    /// Softmax temperature; 0 is greedy. Default: 0.7; range 0...10.
    public var temperature: Double
    /// Keep only the `topK` likeliest tokens; 0 keeps all. Default: 40.
    public var topK: Int
    /// Nucleus threshold; 1 disables it. Default: 0.9; range (0, 1].
    public var topP: Double
    /// Drop tokens less likely than `minP` times the likeliest. Default: 0.05; range [0, 1].
    public var minP: Double
    /// Penalty on the tokens of the last 64; 1 disables it. Default: 1.1; range 1...10.
    public var repetitionPenalty: Double

    /// Settings; see each property for its default.
    public init(
        temperature: Double = 0.7, topK: Int = 40, topP: Double = 0.9, minP: Double = 0.05,
        repetitionPenalty: Double = 1.1
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
    }

    /// A sampler for `seed` with these settings.
    func sampler(seed: Seed) -> TokenSampler {
        TokenSampler(
            seed: seed, temperature: Float(temperature), topK: topK, topP: Float(topP), minP: Float(minP),
            repetitionPenalty: Float(repetitionPenalty))
    }
}

/// One reply a ``ChatWriter`` sampled.
public struct ChatSample: Sendable, Hashable {
    /// The reply's text after the prompt (and after any reply prefix the prompt ended with),
    /// on one line, without leading or trailing whitespace.
    public var text: String
    /// Tokens sampled.
    public var tokenCount: Int
    /// Why sampling stopped: `.sentenceEnd`, `.endOfText` (end of turn, or a grammar's list
    /// closed), or `.length`.
    public var finish: TextFinish
    /// Tokens the model computed for this sample, prompt tokens the cache lacked included.
    public var computedTokens: Int
}

/// An instruct model prompted through its chat template, with one key/value cache kept across
/// calls: the part of a prompt shared with the previous one (a world's system prompt, the
/// candidates of one line) is computed once.
///
/// Sampling is seeded and the model's output is the same on any thread count, so a prompt and
/// a seed give the same reply on every run (``ChatSample``). Replies can stop at the end of
/// the first sentence (story lines) and can be held to an ``OptionListGrammar`` while they are
/// sampled (proposed options), so they always parse.
///
/// ```swift
/// let writer = try ChatWriter(model: "Models/SmolLM2-135M-Instruct.Q4_1.gguf")
/// let prompt = writer.prompt(
///     [.system("You narrate a sea story."), .user("Describe the tide.")],
///     replyPrefix: "The tide")
/// let sample = try writer.sample(prompt: prompt, seed: Seed(3), maxTokens: 40, stop: .sentenceEnd)
/// ```
///
/// Thread-safe: calls are serialised on the writer's one cache.
public final class ChatWriter: @unchecked Sendable {
    /// Where a sample stops, besides its token budget and the end of the model's turn.
    public enum Stop: Sendable, Hashable {
        /// At the first token that ends a sentence (`.`, `!` or `?`, closing quotes included).
        case sentenceEnd
        /// Only at the end of the model's turn.
        case endOfTurn
    }

    /// The model and its tokenizer.
    public let generator: TransformerGenerator
    /// How messages are written for the model.
    public let template: ChatTemplate
    /// A name for debug output (the model file's name).
    public let name: String
    private let session: TransformerSession
    private let lock = NSLock()
    /// Tokens that end a sentence or hold an ellipsis, masked before a sample's `minTokens`.
    private let stoppers: [Int]
    /// Each token's text, for the grammar's masks.
    private let tokenTexts: [String]
    /// Tokens that do not start with a space, masked first when a reply must start a word.
    private let wordless: [Int]
    /// The lowercased words the model's vocabulary holds whole: the tokens that are a space
    /// and letters (` harbour`), for ``LineGuard/vocabulary``. A word the model spells out of
    /// pieces is rarer, or made up.
    public let wholeWords: Set<String>

    /// A writer over a loaded generator.
    public init(generator: TransformerGenerator, template: ChatTemplate, name: String = "chat", threads: Int = 1) {
        self.generator = generator
        self.template = template
        self.name = name
        self.session = TransformerSession(generator.model, threads: threads)
        let texts = generator.tokenTexts()
        self.tokenTexts = texts
        self.wordless = texts.indices.filter { texts[$0].first != " " }
        self.wholeWords = Set(
            texts.lazy.filter {
                $0.count > 1 && $0.first == " " && $0.dropFirst().allSatisfy(\.isLetter)
            }
            .map { $0.dropFirst().lowercased() })
        self.stoppers = texts.indices.filter { token in
            return texts[token].contains(where: { ".!?…\n".contains($0) })
        }
    }

    /// Loads a GGUF instruct model (memory-mapped) and the chat template its metadata names,
    /// or `chatTemplate` (a name of ``ChatTemplate``) instead.
    public convenience init(model path: String, chatTemplate: String? = nil, threads: Int = 1) throws {
        let file = try GGUFFile.load(from: path)
        let generator = try TransformerGenerator(model: try file.transformer(), tokenizer: try file.textTokenizer())
        let template = try ChatTemplate.forModel(file, override: chatTemplate)
        self.init(
            generator: generator, template: template, name: (path as NSString).lastPathComponent, threads: threads)
    }

    /// Threads for the model's matrix products (the replies are the same on any count).
    public var threads: Int {
        get { lock.withLock { session.threads } }
        set { lock.withLock { session.threads = newValue } }
    }

    /// Forgets the key/value cache: the next call computes its whole prompt.
    public func resetCache() { lock.withLock { session.reset() } }

    /// `messages` in the model's chat format with the assistant's turn opened, then
    /// `replyPrefix`: the reply is sampled as the continuation of that prefix.
    public func prompt(_ messages: [ChatMessage], replyPrefix: String = "") -> String {
        template.render(messages, addingGenerationPrompt: true) + replyPrefix
    }

    /// Samples a reply continuing `prompt` (from ``prompt(_:replyPrefix:)``): at most
    /// `maxTokens` tokens, stopping at the end of the model's turn, at `stop`, or when
    /// `grammar`'s list closes. With a grammar, every token that would lead out of it is
    /// masked before sampling, so the reply (with the part of the list the prompt already
    /// holds, `grammarPrefix`) always parses once it finishes.
    ///
    /// - Throws: `.invalidArgument` when the prompt leaves no room in the model's context.
    ///
    /// Before `minTokens` tokens, the end of the turn and tokens that end a sentence or start an
    /// ellipsis are masked, so a line says something after its opening words. With
    /// `startsWord`, the first token must start with a space: the reply is a new word after the
    /// prompt (a story shows it after its own space: `The air {generate("The air", …)}`).
    public func sample(
        prompt: String, seed: Seed, sampling: ChatSampling = ChatSampling(), maxTokens: Int, stop: Stop,
        minTokens: Int = 0, startsWord: Bool = false, grammar: OptionListGrammar? = nil, grammarPrefix: String = ""
    ) throws -> ChatSample {
        try lock.withLock {
            var tokens = generator.tokenizer.encodePrompt(prompt, parsingSpecial: true)
            let limit = generator.model.config.sequenceLength
            guard !tokens.isEmpty, tokens.count + 1 < limit else {
                throw LoomError(
                    .invalidArgument, "the chat prompt is \(tokens.count) tokens; the model's context holds \(limit)")
            }
            let tokenizer = generator.tokenizer
            let texts = tokenTexts
            var sampler = sampling.sampler(seed: seed)
            var state = grammar.flatMap { $0.advance($0.start, over: grammarPrefix) }
            if grammar != nil, state == nil {
                throw LoomError(.invalidArgument, "the reply prefix '\(grammarPrefix)' is outside the option grammar")
            }
            var masker = GrammarMasker()
            var bytes: [UInt8] = []
            var count = 0
            var computed = 0
            var finish = TextFinish.length
            while count < maxTokens, tokens.count < limit {
                let history = tokens[...]
                let early = count < minTokens
                let next = try session.logits(after: tokens) { logits -> Int in
                    if early {
                        for token in tokenizer.endOfGeneration where token < logits.count { logits[token] = -.infinity }
                        for token in stoppers { logits[token] = -.infinity }
                    }
                    if startsWord, count == 0 {
                        for token in wordless { logits[token] = -.infinity }
                    }
                    if let grammar, let current = state {
                        masker.mask(
                            logits, grammar: grammar, state: current, texts: texts, ends: tokenizer.endOfGeneration)
                    }
                    return sampler.sample(logits, history: history)
                }
                computed += session.lastComputedCount
                if tokenizer.endOfGeneration.contains(next) || next == tokenizer.bos {
                    finish = .endOfText
                    break
                }
                bytes += tokenizer.decode(next, after: tokens.last)
                tokens.append(next)
                count += 1
                if let grammar, let current = state {
                    state = grammar.advance(current, over: texts[next])
                    // Outside the grammar (no token could continue it): stop, rather than go on
                    // unconstrained; the options finished so far are kept.
                    guard let reached = state else { break }
                    if grammar.isComplete(reached) {
                        finish = .endOfText
                        break
                    }
                }
                if stop == .sentenceEnd, Self.endsSentence(bytes) {
                    finish = .sentenceEnd
                    break
                }
            }
            let text = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            return ChatSample(text: text, tokenCount: count, finish: finish, computedTokens: computed)
        }
    }

    /// Whether decoded text ends a sentence: `.`, `!` or `?`, then any closing quotes or
    /// brackets, and no trailing space (a sentence's last token carries its mark).
    static func endsSentence(_ bytes: [UInt8]) -> Bool {
        var end = bytes.count
        while end > 0 {
            let byte = bytes[end - 1]
            // `"` `'` `)` and the UTF-8 tails of ” and ’ (E2 80 9D, E2 80 99).
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ")") {
                end -= 1
            } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, byte == 0x9D || byte == 0x99 {
                end -= 3
            } else {
                break
            }
        }
        guard end > 0 else { return false }
        let last = bytes[end - 1]
        return last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?")
    }

    /// The opening a text is scored after by ``perplexity(of:)``: the model's own reply turn,
    /// so text is judged as what the model would say.
    public var replyOpening: String { prompt([], replyPrefix: "") }

    /// The per-token perplexity of `text` under the model, read as the model's reply
    /// (after ``replyOpening``): `exp` of the mean negative log-probability of each of its
    /// tokens given the ones before it. Lower reads as more natural to the model.
    public func perplexity(of text: String) throws -> Double {
        let score = try negativeLogLikelihood(of: text)
        return PortableMath.exp(score.total / Double(score.tokens))
    }

    /// The summed negative log-probability (natural log) of `text`'s tokens read after
    /// `context` (``replyOpening`` by default; control tokens parsed), and how many tokens
    /// that is: pool several texts' sums for a corpus perplexity.
    public func negativeLogLikelihood(
        of text: String, after context: String? = nil
    ) throws -> (
        total: Double, tokens: Int
    ) {
        try lock.withLock {
            let tokenizer = generator.tokenizer
            var opening = tokenizer.encodePrompt(context ?? replyOpening, parsingSpecial: true)
            if opening.isEmpty { opening = [tokenizer.bos >= 0 ? tokenizer.bos : max(0, tokenizer.eos)] }
            let tokens = tokenizer.encode(text, bos: false, eos: false)
            guard !tokens.isEmpty else { throw LoomError(.invalidArgument, "'\(text)' has no tokens to measure") }
            let all = opening + tokens
            var total = 0.0
            for position in opening.count..<all.count {
                total -= try session.logits(after: Array(all[..<position])) { logits in
                    Self.logProbability(of: all[position], in: logits)
                }
            }
            return (total, tokens.count)
        }
    }

    /// The log-probability of `token` under the softmax of `logits`.
    static func logProbability(of token: Int, in logits: UnsafeMutableBufferPointer<Float>) -> Double {
        var largest = -Float.infinity
        for value in logits where value > largest { largest = value }
        var sum = 0.0
        for value in logits { sum += PortableMath.exp(Double(value - largest)) }
        return Double(logits[token] - largest) - PortableMath.log(sum)
    }
}

/// Masks the logits of tokens that would lead out of an ``OptionListGrammar``.
///
/// Checking all of a large vocabulary's tokens at every step is slow, and almost always only
/// the likeliest few matter: the 256 highest logits are checked first (in order), and only
/// when none of them is allowed is every token checked.
struct GrammarMasker {
    /// The highest logits, tried first.
    static let shortlist = 256
    private var allowed: [(token: Int, logit: Float)] = []
    private var top: [(token: Int, logit: Float)] = []

    /// Leaves only allowed tokens (finite logits) in `logits`; the end of turn counts as
    /// allowed only where the list is complete.
    mutating func mask(
        _ logits: UnsafeMutableBufferPointer<Float>, grammar: OptionListGrammar, state: OptionListGrammar.State,
        texts: [String], ends: Set<Int>
    ) {
        func allows(_ token: Int) -> Bool {
            if ends.contains(token) { return grammar.isComplete(state) }
            let text = texts[token]
            return !text.isEmpty && grammar.advance(state, over: text) != nil
        }
        collectTop(logits)
        allowed.removeAll(keepingCapacity: true)
        for entry in top where entry.logit > -.infinity && allows(entry.token) { allowed.append(entry) }
        if allowed.isEmpty {
            for token in logits.indices where logits[token] > -.infinity && allows(token) {
                allowed.append((token, logits[token]))
            }
        }
        for index in logits.indices { logits[index] = -.infinity }
        for entry in allowed { logits[entry.token] = entry.logit }
    }

    /// The ``shortlist`` highest logits, highest first (lower ids first on ties).
    private mutating func collectTop(_ logits: UnsafeMutableBufferPointer<Float>) {
        top.removeAll(keepingCapacity: true)
        let size = Self.shortlist
        for token in logits.indices {
            let logit = logits[token]
            if top.count == size, let last = top.last, logit <= last.logit { continue }
            // Binary search for the first entry with a lower logit.
            var low = 0
            var high = top.count
            while low < high {
                let middle = (low + high) / 2
                if top[middle].logit >= logit { low = middle + 1 } else { high = middle }
            }
            top.insert((token, logit), at: low)
            if top.count > size { top.removeLast() }
        }
    }
}
