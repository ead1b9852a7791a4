import LoomCore

/// An ``NGramModel`` behind the `TextGenerator` protocol.
///
/// The prompt conditions the first tokens: its last sentence, if unfinished, is continued;
/// after a finished one a new sentence starts. The output is the continuation only. Each
/// `</s>` the model predicts is a token that ends a sentence (with no text); when the request
/// does not stop there, a new sentence follows. The random source is
/// `request.seed.makeRandom()`, one or more draws per token.
public struct NGramGenerator: TextGenerator {
    /// The model to sample.
    public var model: NGramModel
    /// What each token is drawn from. Default: ``NGramSampling/observedContinuations``.
    public var sampling: NGramSampling

    /// A generator over `model` drawing tokens as `sampling` says (default:
    /// ``NGramSampling/observedContinuations``).
    public init(_ model: NGramModel, sampling: NGramSampling = .observedContinuations) {
        self.model = model
        self.sampling = sampling
    }

    /// An ``NGramTokenStream`` continuing the request's prompt.
    public func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        try request.validate()
        return NGramTokenStream(model: model, request: request, sampling: sampling)
    }
}

/// Pulls tokens from an n-gram model one at a time.
public struct NGramTokenStream: TextTokenStream {
    private let model: NGramModel
    private var state: ContextState
    private var sampler: KneserNeySampler
    private var random: Xoshiro256StarStar
    private var detokenizer = Detokenizer()
    private var atSentenceStart = true
    private let temperature: Double
    private let topK: Int
    private let sampling: NGramSampling

    /// A stream continuing `request.prompt` with `request`'s seed, temperature and top-k,
    /// drawing tokens as `sampling` says (default: ``NGramSampling/observedContinuations``).
    public init(model: NGramModel, request: TextRequest, sampling: NGramSampling = .observedContinuations) {
        self.model = model
        self.sampling = sampling
        state = ContextState(order: model.order)
        sampler = KneserNeySampler(vocabularySize: model.vocabulary.count, tempersWithSums: true)
        random = request.seed.makeRandom()
        temperature = request.temperature
        topK = request.topK
        prime(with: request.prompt)
    }

    private mutating func prime(with prompt: String) {
        guard !prompt.isEmpty else { return }
        var copy = prompt
        var tokens: [(String, Bool)] = []  // token, and whether a sentence ended after it
        copy.withUTF8 { bytes in
            WordTokenizer.scan(bytes) { start, end in
                tokens.append(
                    (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self), false))
            } sentenceEnd: {
                if !tokens.isEmpty { tokens[tokens.count - 1].1 = true }
            }
        }
        for (token, endsSentence) in tokens {
            _ = detokenizer.piece(token)
            if endsSentence {
                state.reset()
                atSentenceStart = true
            } else {
                state.advance(model.vocabulary.id(of: token), model: model.core)
                atSentenceStart = false
            }
        }
    }

    /// The next sampled token: a word or mark with its leading space, or an empty token that
    /// ends a sentence. The stream never ends by itself.
    public mutating func next() throws -> TextToken? {
        let token =
            sampling == .interpolated
            ? sampler.sample(
                model.core, state: state, random: &random, temperature: temperature, topK: topK,
                allowEnd: !atSentenceStart)
            : sampler.sampleObserved(
                model.core, state: state, random: &random, temperature: temperature, topK: topK,
                allowEnd: !atSentenceStart)
        if token == Vocabulary.sentenceEnd {
            state.reset()
            atSentenceStart = true
            return TextToken("", endsSentence: true)
        }
        state.advance(token, model: model.core)
        atSentenceStart = false
        return TextToken(detokenizer.piece(model.vocabulary[token], kind: model.tokenKinds[Int(token)]))
    }
}
