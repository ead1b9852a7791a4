import LoomCore

/// Text from a transformer: encodes the prompt, runs it through the model, then samples one
/// token at a time, streaming each as soon as it is made.
///
/// A request's `temperature` of 0 means greedy decoding (unlike other generators, which need
/// a positive temperature). Generation ends at EOS, at the model's context length, or at the
/// request's limits; a token whose text ends in `.`, `!` or `?` ends a sentence.
///
/// ```swift
/// let generator = try TransformerGenerator(model: "stories15M.bin", tokenizer: "tokenizer.bin")
/// let story = try generator.generate(TextRequest(prompt: "Once upon a time", seed: Seed(1))).text
/// ```
public struct TransformerGenerator: TextGenerator {
    /// The model.
    public let model: Transformer
    /// The tokenizer matching the model's vocabulary.
    public let tokenizer: any TextTokenizer
    /// Settings beyond the request's temperature and top-k.
    public var sampling: TransformerSampling
    /// When set, every word the model writes must be one of these (see `WordConstraint`, in LoomCore).
    /// Default: `nil`, any text.
    public var wordConstraint: WordConstraint?
    /// Each token's text, made on first use (a word constraint, a chat writer) and shared by the
    /// generator's copies: a vocabulary's strings are half a megabyte (32,000 tokens) that plain
    /// generation has no use for (issue 24).
    private let texts = TokenTexts()
    /// For each token, whether its text opens a new word: it starts with a space, a line break
    /// or a mark (`.` `,` `;` `:` `!` `?` `)` `'` `"` `-`), or it writes nothing (EOS).
    let opensWord: [Bool]
    /// Sessions whose caches consecutive requests reuse (see ``TransformerSession``).
    let sessions = TransformerSessionPool()

    /// A generator over a loaded model and tokenizer. Throws `.format` when their vocabulary
    /// sizes differ.
    public init(
        model: Transformer, tokenizer: any TextTokenizer, sampling: TransformerSampling = TransformerSampling()
    )
        throws
    {
        guard tokenizer.vocabularySize == model.config.vocabularySize else {
            throw LoomError(
                .format,
                "the tokenizer has \(tokenizer.vocabularySize) tokens but the model's vocabulary has "
                    + "\(model.config.vocabularySize)")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.sampling = sampling
        let marks = Set(" \n\t.,;:!?)]}'\"-".utf8)
        // A byte that is not ASCII opens no word, nor would the U+FFFD its text shows.
        opensWord = (0..<tokenizer.vocabularySize).map { token in
            tokenizer.decode(token, after: nil).first.map(marks.contains) ?? true
        }
    }

    /// Each token's text (byte tokens of half a character give U+FFFD).
    func tokenTexts() -> [String] {
        texts.get { [tokenizer] in
            (0..<tokenizer.vocabularySize).map { String(decoding: tokenizer.decode($0, after: nil), as: UTF8.self) }
        }
    }

    /// Loads a llama2.c checkpoint and its `tokenizer.bin`.
    public init(
        model path: String, tokenizer tokenizerPath: String, sampling: TransformerSampling = TransformerSampling()
    )
        throws
    {
        let model = try Transformer.load(from: path)
        let tokenizer = try LlamaTokenizer.loadLlama2c(from: tokenizerPath, vocabularySize: model.config.vocabularySize)
        try self.init(model: model, tokenizer: tokenizer, sampling: sampling)
    }

    /// Checks the request, allowing temperature 0 (greedy).
    func validate(_ request: TextRequest) throws {
        try request.validateAllowingGreedy()
        try sampling.validate()
    }

    /// A stream that runs the prompt through the model on first use, then yields sampled tokens.
    public func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        try validate(request)
        return try TransformerTokenStream(generator: self, request: request)
    }

    /// Whether `prompt` leaves room for `maxTokens` more tokens in the model's context: the
    /// prompt's tokens and the answer's (at most half the context) must fit together.
    public func fits(prompt: String, maxTokens: Int) -> Bool {
        let context = model.config.sequenceLength
        let count = tokenizer.encode(prompt, bos: tokenizer.addsBOS, eos: false).count
        return count + min(maxTokens, context / 2) <= context
    }

    /// The generator with ``wordConstraint`` set to `words`.
    public func constrained(to words: WordConstraint) -> any TextGenerator {
        var generator = self
        generator.wordConstraint = words
        return generator
    }

    /// Generates under the request's limits; temperature 0 is greedy.
    public func generate(_ request: TextRequest) throws -> TextResult {
        var stream = try makeStream(for: request)
        return try TextResult.collect(from: &stream, request: request)
    }
}
