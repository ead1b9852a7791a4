import LoomCore

/// How a world's text assets are trained and how story text functions sample them.
///
/// `Codable`, so a world's configuration file, the CLI and a UI share it.
public struct WorldTextSettings: Sendable, Codable, Hashable {
    /// The order of the n-gram model trained from `corpus.txt`. Default: 3; range 2...5.
    public var ngramOrder: Int
    /// The order of each naming culture's letter model. Default: 3; range 2...5.
    public var nameOrder: Int
    /// The token budget of `generate(prompt, fallback)`. Default: 40; at least 1.
    public var maxTokens: Int
    /// Sampling temperature of `generate`. Default: 1 (the model's own weights); range (0, 10].
    public var temperature: Double
    /// Keep only the `topK` likeliest words at each step; 0 keeps all. Default: 0.
    public var topK: Int
    /// What `generate` draws each word from. Default: `NGramSampling.observedContinuations`
    /// (only continuations seen in the corpus, so a small corpus still reads as sentences).
    public var sampling: NGramSampling
    /// Generations tried before the authored fallback is used, when text holds a banned word
    /// or is empty. Default: 8; at least 1.
    public var maxAttempts: Int
    /// Samples drawn per `generate` call; the likeliest under the model is shown. Default: 6;
    /// at least 1.
    public var candidates: Int
    /// Samples shorter than this many tokens are shown only when no longer one was drawn.
    /// Default: 6; at least 0.
    public var minTokens: Int
    /// Whether `WorldText.load(from:settings:)` keeps the trained model in a file beside the
    /// corpus (`corpus.o<order>.ngram`, written atomically) and reuses it while it is newer than
    /// the corpus. Default: `false`.
    public var cachesModel: Bool

    /// Settings; see each property for its default.
    public init(
        ngramOrder: Int = 3, nameOrder: Int = 3, maxTokens: Int = 40, temperature: Double = 1, topK: Int = 0,
        sampling: NGramSampling = .observedContinuations, maxAttempts: Int = 8, candidates: Int = 6, minTokens: Int = 6,
        cachesModel: Bool = false
    ) {
        self.ngramOrder = ngramOrder
        self.nameOrder = nameOrder
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topK = topK
        self.sampling = sampling
        self.maxAttempts = maxAttempts
        self.candidates = candidates
        self.minTokens = minTokens
        self.cachesModel = cachesModel
    }

    /// Throws `.invalidArgument` naming the first field out of range.
    public func validate() throws {
        guard (2...5).contains(ngramOrder) else {
            throw LoomError(.invalidArgument, "ngramOrder must be 2...5 (got \(ngramOrder))")
        }
        guard (2...5).contains(nameOrder) else {
            throw LoomError(.invalidArgument, "nameOrder must be 2...5 (got \(nameOrder))")
        }
        guard maxTokens >= 1 else {
            throw LoomError(.invalidArgument, "maxTokens must be at least 1 (got \(maxTokens))")
        }
        guard maxAttempts >= 1 else {
            throw LoomError(.invalidArgument, "maxAttempts must be at least 1 (got \(maxAttempts))")
        }
        guard candidates >= 1 else {
            throw LoomError(.invalidArgument, "candidates must be at least 1 (got \(candidates))")
        }
        guard minTokens >= 0 else {
            throw LoomError(.invalidArgument, "minTokens must be 0 or more (got \(minTokens))")
        }
        try TextRequest(seed: Seed(0), maxTokens: maxTokens, temperature: temperature, topK: topK).validate()
    }
}
