import LoomCore

/// Sampling settings a `TextRequest` does not carry (it carries the temperature and top-k).
///
/// The defaults leave the model's own distribution alone: no nucleus, no min-p, no penalty,
/// and no word-start rule, so `TransformerSampling()` with temperature 0 gives exactly
/// llama.cpp's greedy tokens. llama.cpp's own command-line defaults, for comparison, are
/// temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, repetition penalty 1 over 64 tokens.
/// The steps run in llama.cpp's order (see ``TokenSampler``). Decoding from JSON, missing keys
/// take their defaults.
public struct TransformerSampling: Sendable, Codable, Hashable {
    /// Nucleus sampling threshold; 1 disables it. Default: 1; range (0, 1].
    public var topP: Double
    /// Drop tokens less likely than `minP` times the likeliest one; 0 disables it.
    /// Default: 0; range [0, 1].
    public var minP: Double
    /// Repetition penalty on recently used tokens (positive logits divided by it, negative
    /// ones multiplied); 1 disables it. Default: 1; range [1, 10].
    public var repetitionPenalty: Double
    /// How many recent tokens (prompt included) the penalty considers. Default: 64; 0 or more.
    public var repetitionWindow: Int
    /// Threads for the matrix-vector products. Default: 1; the text is the same on any count.
    public var threads: Int
    /// Whether a prompt that ends inside a word (`"The door"`) is continued with a new word or
    /// a mark, never the rest of that word (`"s of the keep"`): Loom's stories join a
    /// continuation to its prompt with a space, and worlds turn this on. Default: `false`, the
    /// model's own continuation (`"Once upon a time"` may go on with `","`).
    public var startsNewWord: Bool
    /// Whether text in the prompt that spells a control token (`<|im_start|>`) is that token,
    /// as in a chat prompt (llama.cpp's `parse_special`). Default: `false`, read as text.
    public var parsesSpecialTokens: Bool

    /// Settings with the given values; see each property for its default.
    public init(
        topP: Double = 1, minP: Double = 0, repetitionPenalty: Double = 1, repetitionWindow: Int = 64,
        threads: Int = 1, startsNewWord: Bool = false, parsesSpecialTokens: Bool = false
    ) {
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.repetitionWindow = repetitionWindow
        self.threads = threads
        self.startsNewWord = startsNewWord
        self.parsesSpecialTokens = parsesSpecialTokens
    }

    private enum CodingKeys: String, CodingKey {
        case topP, minP, repetitionPenalty, repetitionWindow, threads, startsNewWord, parsesSpecialTokens
    }

    /// Decodes the settings; missing keys take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TransformerSampling()
        topP = try c.decodeIfPresent(Double.self, forKey: .topP) ?? defaults.topP
        minP = try c.decodeIfPresent(Double.self, forKey: .minP) ?? defaults.minP
        repetitionPenalty = try c.decodeIfPresent(Double.self, forKey: .repetitionPenalty) ?? defaults.repetitionPenalty
        repetitionWindow = try c.decodeIfPresent(Int.self, forKey: .repetitionWindow) ?? defaults.repetitionWindow
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? defaults.threads
        startsNewWord = try c.decodeIfPresent(Bool.self, forKey: .startsNewWord) ?? defaults.startsNewWord
        parsesSpecialTokens =
            try c.decodeIfPresent(Bool.self, forKey: .parsesSpecialTokens) ?? defaults.parsesSpecialTokens
    }

    /// Throws `.invalidArgument` naming the field that is out of range.
    public func validate() throws {
        guard topP > 0, topP <= 1 else { throw LoomError(.invalidArgument, "topP must be in (0, 1] (got \(topP))") }
        guard minP >= 0, minP <= 1 else { throw LoomError(.invalidArgument, "minP must be in [0, 1] (got \(minP))") }
        guard repetitionPenalty >= 1, repetitionPenalty <= 10 else {
            throw LoomError(.invalidArgument, "repetitionPenalty must be in [1, 10] (got \(repetitionPenalty))")
        }
        guard repetitionWindow >= 0 else {
            throw LoomError(.invalidArgument, "repetitionWindow must be 0 or more (got \(repetitionWindow))")
        }
    }
}
