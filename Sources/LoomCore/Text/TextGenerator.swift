/// What to write: a prompt, a seed, a length limit and when to stop.
///
/// Every text model in Loom (grammars, n-gram models, and later transformers) takes one of
/// these and returns the same text for the same request, every time.
///
/// ```swift
/// var request = TextRequest(prompt: "The river", seed: Seed(7))
/// request.maxTokens = 40
/// let text = try model.generate(request).text
/// ```
public struct TextRequest: Sendable, Codable, Hashable {
    /// Text that conditions the output (a model continues it; a grammar may expand it).
    /// Default: empty.
    public var prompt: String
    /// The seed of this call. Callers derive one per call site (for example from the story's
    /// seed, node, line and visit count).
    public var seed: Seed
    /// The most tokens to produce (words and punctuation marks for word models). Default: 64;
    /// at least 1.
    public var maxTokens: Int
    /// When to stop before the token limit.
    public var stop: TextStop
    /// Sampling temperature: below 1 sharpens the distribution, above 1 flattens it. Default: 1;
    /// range (0, 10]. Ignored by generators that do not sample from a distribution.
    public var temperature: Double
    /// Keep only the `topK` most likely tokens at each step; 0 keeps all. Default: 0.
    public var topK: Int

    /// A request with the given fields; see each property for its default.
    public init(
        prompt: String = "", seed: Seed, maxTokens: Int = 64, stop: TextStop = TextStop(),
        temperature: Double = 1, topK: Int = 0
    ) {
        self.prompt = prompt
        self.seed = seed
        self.maxTokens = maxTokens
        self.stop = stop
        self.temperature = temperature
        self.topK = topK
    }

    /// Throws a `.invalidArgument` error when a field is out of range.
    public func validate() throws {
        guard maxTokens >= 1 else {
            throw LoomError(.invalidArgument, "maxTokens must be at least 1 (got \(maxTokens))")
        }
        guard temperature > 0, temperature <= 10 else {
            throw LoomError(.invalidArgument, "temperature must be in (0, 10] (got \(temperature))")
        }
        guard topK >= 0 else { throw LoomError(.invalidArgument, "topK must be 0 or more (got \(topK))") }
    }

    /// ``validate()`` for a generator that decodes greedily at temperature 0 (a transformer):
    /// temperature 0 passes too.
    public func validateAllowingGreedy() throws {
        var checked = self
        if checked.temperature == 0 { checked.temperature = 1 }
        try checked.validate()
    }
}

/// Conditions that end generation before the token limit.
public struct TextStop: Sendable, Codable, Hashable {
    /// Stop after the first complete sentence. Default: `true`.
    public var atSentenceEnd: Bool
    /// Stop as soon as any of these strings appears in the output; the stop string itself is
    /// not returned. Default: none.
    public var strings: [String]

    /// Stop conditions; see each property for its default.
    public init(atSentenceEnd: Bool = true, strings: [String] = []) {
        self.atSentenceEnd = atSentenceEnd
        self.strings = strings
    }
}

/// One piece of generated text.
public struct TextToken: Sendable, Hashable {
    /// The text to append, including any space that separates it from the text before it.
    public var text: String
    /// Whether this token ends a sentence (the model predicted the end of the sentence).
    public var endsSentence: Bool

    /// A token with the given text.
    public init(_ text: String, endsSentence: Bool = false) {
        self.text = text
        self.endsSentence = endsSentence
    }
}

/// Why generation stopped.
public enum TextFinish: String, Sendable, Codable, Hashable {
    /// The token limit was reached.
    case length
    /// A sentence ended and the request asked to stop there.
    case sentenceEnd
    /// A stop string appeared.
    case stopString
    /// The generator had nothing more to say (a grammar finished its expansion).
    case endOfText
    /// A guard rejected every attempt and the authored fallback was used.
    case fallback
}

/// The outcome of one request.
public struct TextResult: Sendable, Hashable {
    /// The generated text, without leading or trailing whitespace.
    public var text: String
    /// How many tokens were produced.
    public var tokenCount: Int
    /// Why generation stopped.
    public var finish: TextFinish

    /// A result with the given fields.
    public init(text: String, tokenCount: Int, finish: TextFinish) {
        self.text = text
        self.tokenCount = tokenCount
        self.finish = finish
    }
}

/// A pull iterator over generated tokens: a game loop asks for one token at a time.
///
/// Streams are finite: they end (return `nil`) when the generator has nothing more to say.
/// Word models never end by themselves; ``TextGenerator/generate(_:)`` stops them at the
/// request's token limit.
public protocol TextTokenStream {
    /// The next token, or `nil` at the end of the text.
    mutating func next() throws -> TextToken?
}

/// A source of seeded text: the protocol the story engine calls, and every text model
/// implements.
///
/// Implementations give ``makeStream(for:)``; ``generate(_:)`` has a default implementation
/// that pulls tokens until the request's limit or a stop condition, so generators that stream
/// (n-gram models, transformers) and those that do not (grammars) behave the same.
public protocol TextGenerator: Sendable {
    /// A stream of tokens for `request`, deterministic in the request.
    func makeStream(for request: TextRequest) throws -> any TextTokenStream

    /// The text for `request`: the same request gives the same text, byte for byte.
    func generate(_ request: TextRequest) throws -> TextResult

    /// Whether `prompt` leaves room for `maxTokens` more tokens in what the generator reads at
    /// once. Default: `true`, for generators that read any prompt (n-gram models, grammars); a
    /// transformer answers for its context window.
    func fits(prompt: String, maxTokens: Int) -> Bool

    /// The generator holding itself to `words` while it samples. Default: the generator itself,
    /// for generators that cannot (the caller checks their text with
    /// ``WordConstraint/allows(text:)``); a transformer samples only allowed words.
    func constrained(to words: WordConstraint) -> any TextGenerator
}

extension TextGenerator {
    /// Every prompt fits a generator without a context window.
    public func fits(prompt: String, maxTokens: Int) -> Bool { true }

    /// A generator that cannot hold itself to words is returned as it is.
    public func constrained(to words: WordConstraint) -> any TextGenerator { self }
}

extension TextGenerator {
    /// Pulls tokens from ``makeStream(for:)`` until `maxTokens`, a sentence end (when
    /// `request.stop.atSentenceEnd`), a stop string, or the end of the stream.
    public func generate(_ request: TextRequest) throws -> TextResult {
        try request.validate()
        var stream = try makeStream(for: request)
        return try TextResult.collect(from: &stream, request: request)
    }
}

extension TextResult {
    /// Drains `stream` under `request`'s limits and stop conditions.
    public static func collect(from stream: inout any TextTokenStream, request: TextRequest) throws -> TextResult {
        var text = ""
        var count = 0
        let stops = request.stop.strings.filter { !$0.isEmpty }
        let longestStop = stops.map(\.count).max() ?? 0
        while count < request.maxTokens {
            guard let token = try stream.next() else {
                return TextResult(text: text.trimmedOfWhitespace, tokenCount: count, finish: .endOfText)
            }
            text += token.text
            count += 1
            // Only the new token and the stop's length before it can hold a new match.
            let window = stops.isEmpty ? text[...] : text.suffix(token.text.count + longestStop)
            for stop in stops {
                if let range = window.firstRange(of: stop) {
                    return TextResult(
                        text: text[..<range.lowerBound].trimmedOfWhitespace, tokenCount: count, finish: .stopString)
                }
            }
            if token.endsSentence && request.stop.atSentenceEnd {
                return TextResult(text: text.trimmedOfWhitespace, tokenCount: count, finish: .sentenceEnd)
            }
        }
        return TextResult(text: text.trimmedOfWhitespace, tokenCount: count, finish: .length)
    }
}

/// A stream over tokens made in advance (a grammar's expansion, a guard's accepted text).
public struct BufferedTokenStream: TextTokenStream {
    private var tokens: [TextToken]
    private var index = 0

    /// A stream that yields `tokens` in order, then ends.
    public init(_ tokens: [TextToken]) { self.tokens = tokens }

    /// A stream over `text` split into whitespace-separated words, each with its leading space.
    public init(words text: String) {
        var tokens: [TextToken] = []
        var current = ""
        var sawWord = false
        for character in text {
            if character.isWhitespace {
                if sawWord {
                    tokens.append(TextToken(current))
                    current = ""
                    sawWord = false
                }
                current.append(character)
            } else {
                current.append(character)
                sawWord = true
            }
        }
        if sawWord { tokens.append(TextToken(current)) }
        self.tokens = tokens
    }

    /// The next buffered token, or `nil` after the last.
    public mutating func next() throws -> TextToken? {
        guard index < tokens.count else { return nil }
        defer { index += 1 }
        return tokens[index]
    }
}
