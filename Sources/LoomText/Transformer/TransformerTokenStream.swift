import LoomCore

/// Tokens of one transformer generation, made one at a time as they are pulled.
public struct TransformerTokenStream: TextTokenStream {
    /// The session whose cache the stream extends; it goes back to the generator's pool.
    private let lease: TransformerSessionLease
    private var sampler: TokenSampler
    private let tokenizer: any TextTokenizer
    private var tokens: [Int]
    private let promptCount: Int
    private var position = 0
    private var pending: [UInt8] = []
    private var finished = false
    /// Tokens allowed first when the prompt ends inside a word (see
    /// ``TransformerSampling/startsNewWord``), or `nil` for any.
    private let opensWord: [Bool]?
    /// The allowed words, and each token's text, when the generator has a constraint.
    private let constraint: (words: WordConstraint, texts: [String])?
    /// The letters of the word being written (lower case), for the constraint.
    private var partialWord = ""
    /// Scratch: each candidate token's word after it, when allowed.
    private var continuations: [String?] = []

    /// A stream continuing `request.prompt`.
    init(generator: TransformerGenerator, request: TextRequest) throws {
        lease = TransformerSessionLease(
            pool: generator.sessions, model: generator.model, threads: generator.sampling.threads)
        tokenizer = generator.tokenizer
        sampler = TokenSampler(
            seed: request.seed, temperature: Float(request.temperature), topK: request.topK,
            topP: Float(generator.sampling.topP), minP: Float(generator.sampling.minP),
            repetitionPenalty: Float(generator.sampling.repetitionPenalty),
            repetitionWindow: generator.sampling.repetitionWindow)
        tokens = tokenizer.encodePrompt(request.prompt, parsingSpecial: generator.sampling.parsesSpecialTokens)
        // A model must be fed something: an empty prompt without BOS starts from the
        // end-of-text token, as GPT-2-style models are trained to read it.
        if tokens.isEmpty {
            guard let start = [tokenizer.bos, tokenizer.eos].first(where: { $0 >= 0 }) else {
                throw LoomError(
                    .invalidArgument, "the prompt is empty and the tokenizer has no BOS or EOS to start from")
            }
            tokens = [start]
        }
        promptCount = tokens.count
        let endsInWord = request.prompt.unicodeScalars.last.map { !$0.properties.isWhitespace } ?? false
        opensWord = generator.sampling.startsNewWord && endsInWord ? generator.opensWord : nil
        constraint = generator.wordConstraint.map { ($0, generator.tokenTexts()) }
        guard promptCount < generator.model.config.sequenceLength else {
            throw LoomError(
                .invalidArgument,
                "the prompt is \(promptCount) tokens; the model's context holds \(generator.model.config.sequenceLength)"
            )
        }
    }

    /// The token ids so far: the encoded prompt, then every sampled token.
    public var tokenIDs: [Int] { tokens }

    /// The next piece of text: one sampled token, or several when a character spans byte
    /// tokens. `nil` after EOS or at the end of the model's context.
    public mutating func next() throws -> TextToken? {
        while !finished {
            guard let token = try step() else {
                finished = true
                break
            }
            pending += tokenizer.decode(token, after: tokens[tokens.count - 2])
            if let text = takeCompleteText() {
                let last = text.last
                return TextToken(text, endsSentence: last == "." || last == "!" || last == "?")
            }
        }
        guard !pending.isEmpty else { return nil }
        defer { pending = [] }
        return TextToken(String(decoding: pending, as: UTF8.self))
    }

    /// Runs the model until a new token is sampled (feeding the prompt first).
    private mutating func step() throws -> Int? {
        let limit = lease.session.model.config.sequenceLength
        // The prompt runs as one batched call (reusing the session's cached prefix).
        position = max(position, tokens.count - 1)
        while position < tokens.count {
            if position >= limit { return nil }
            let isLastPromptToken = position == tokens.count - 1
            let history = tokens[...]
            let mask = isLastPromptToken && tokens.count == promptCount ? opensWord : nil
            if isLastPromptToken, let constraint {
                // Which tokens keep every word allowed (EOS only after a whole word).
                continuations = constraint.texts.indices.map { token in
                    if token == tokenizer.eos || token == tokenizer.bos {
                        return partialWord.isEmpty || constraint.words.allows(word: partialWord) ? "" : nil
                    }
                    return constraint.words.continuation(of: partialWord, with: constraint.texts[token])
                }
            }
            let allowed = isLastPromptToken && constraint != nil ? continuations : nil
            let next: Int? = try lease.session.logits(after: Array(tokens[...position])) { logits in
                guard isLastPromptToken else { return nil }
                if let opensWord = mask {
                    for token in logits.indices where !opensWord[token] { logits[token] = -.infinity }
                }
                // Only when some token stays possible; otherwise the sample is left to the
                // caller's word check.
                if let allowed, logits.indices.contains(where: { allowed[$0] != nil && logits[$0] > -.infinity }) {
                    for token in logits.indices where allowed[token] == nil { logits[token] = -.infinity }
                }
                return sampler.sample(logits, history: history)
            }
            position += 1
            if let next {
                if next == tokenizer.bos || tokenizer.endOfGeneration.contains(next) { return nil }
                if let allowed { partialWord = allowed[next] ?? "" }
                tokens.append(next)
                return next
            }
        }
        return nil
    }

    /// The longest prefix of the pending bytes that is complete UTF-8, removed from them.
    private mutating func takeCompleteText() -> String? {
        var end = pending.count
        // Back off over a trailing incomplete character (at most 3 bytes).
        var back = 0
        while back < min(3, end) {
            let byte = pending[end - 1 - back]
            if byte & 0xC0 != 0x80 {
                let need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                if need > back + 1 { end -= back + 1 }
                break
            }
            back += 1
        }
        guard end > 0 else { return nil }
        let text = String(decoding: pending[..<end], as: UTF8.self)
        pending.removeFirst(end)
        return text
    }
}
