import Foundation
import LoomCore

/// A word-level n-gram language model with interpolated modified Kneser-Ney smoothing.
///
/// Trained from prose (``WordTokenizer`` splits it into words, punctuation and sentences),
/// saved in a compact binary file, and sampled through ``NGramGenerator`` with a seed,
/// temperature and top-k.
///
/// ```swift
/// let model = try NGramModel.train(corpusAt: "Worlds/isles/corpus.txt", order: 4)
/// try model.save(to: "isles.ngram")
/// let line = try NGramGenerator(model).generate(TextRequest(prompt: "The ferry", seed: Seed(9))).text
/// ```
public struct NGramModel: Sendable {
    /// The model's tokens.
    public let vocabulary: Vocabulary
    let core: KneserNeyModel
    /// Tokens in the training text (`</s>` included, `<s>` not).
    public let tokenCount: Int
    /// Sentences in the training text.
    public let sentenceCount: Int
    /// How each token joins its neighbours, by id, so generation compares no strings.
    let tokenKinds: [Detokenizer.Kind]

    /// The longest n-gram the model counts: 2 to 5.
    public var order: Int { core.order }

    /// How many distinct n-grams of order `n` the model keeps (`n` in `1...order`; order 1
    /// counts the vocabulary).
    public func ngramCount(order n: Int) -> Int { core.tables.nodeCount(order: n) }

    /// The discounts D1, D2 and D3+ of order `n` (`n` in `1...order`).
    public func discounts(order n: Int) -> [Double] { core.tables.discounts[n - 1] }

    init(vocabulary: Vocabulary, tables: KneserNeyTables, tokenCount: Int, sentenceCount: Int) {
        self.vocabulary = vocabulary
        self.core = KneserNeyModel(tables)
        self.tokenCount = tokenCount
        self.sentenceCount = sentenceCount
        self.tokenKinds = vocabulary.tokens.map(Detokenizer.kind(of:))
    }

    /// Trains a model of `order` (2 to 5; default 3) on `text`.
    ///
    /// Throws `.invalidArgument` for an order out of range and for text without a word.
    public static func train(text: String, order: Int = 3) throws -> NGramModel {
        var copy = text
        return try copy.withUTF8 { try train(bytes: $0, order: order, source: "the corpus") }
    }

    /// Trains a model of `order` (2 to 5; default 3) on the UTF-8 text file at `path` (a
    /// leading byte-order mark is skipped).
    public static func train(corpusAt path: String, order: Int = 3) throws -> NGramModel {
        let data = try AtomicFile.read(path)
        guard String(data: data, encoding: .utf8) != nil else {
            throw LoomError(.format, "\(path) is not UTF-8 text", at: SourceLocation(file: path))
        }
        let byteOrderMark = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return try train(bytes: UnsafeBufferPointer(rebasing: bytes[byteOrderMark...]), order: order, source: path)
        }
    }

    static func train(bytes: UnsafeBufferPointer<UInt8>, order: Int, source: String) throws -> NGramModel {
        guard (2...5).contains(order) else {
            throw LoomError(.invalidArgument, "the order of an n-gram model must be 2 to 5 (got \(order))")
        }
        var interner = TokenInterner()
        var counter = NGramCounter(order: order)
        counter.addText(bytes, interner: &interner)
        guard interner.count > 3 else {
            throw LoomError(.invalidArgument, "\(source) has no words to learn from")
        }
        counter.count(vocabularySize: interner.count)
        let tables = KneserNeyTables(counter: counter, vocabularySize: interner.count)
        return NGramModel(
            vocabulary: try Vocabulary(tokens: interner.vocabularyTokens), tables: tables,
            tokenCount: counter.tokenCount, sentenceCount: counter.sentenceCount)
    }

    /// The ids of `tokens` (unknown ones become `<unk>`).
    public func ids(of tokens: [String]) -> [UInt32] { tokens.map(vocabulary.id(of:)) }

    /// `P(token | context)`: the probability that `token` follows `context`, the tokens of the
    /// current sentence so far (the model adds `<s>` before them). Use `"</s>"` for the end of
    /// the sentence.
    public func probability(of token: String, after context: [String]) -> Double {
        let contexts = core.contexts(after: ids(of: context))
        return core.probability(vocabulary.id(of: token), contexts: contexts, order: order)
    }

    /// The whole next-token distribution after `context`, indexed by token id; it sums to 1
    /// (`<s>` has probability 0).
    public func distribution(after context: [String]) -> [Double] {
        let contexts = core.contexts(after: ids(of: context))
        return (0..<UInt32(vocabulary.count)).map { core.probability($0, contexts: contexts, order: order) }
    }

    /// The perplexity of the model on `text`: `exp(−mean log P)` over every token and every
    /// sentence end. Lower is better; unknown words count through `<unk>`.
    ///
    /// `order` (default: the model's) evaluates only the model's lower orders, `1...order`,
    /// as a baseline: order 1 is the smoothed unigram distribution.
    public func perplexity(of text: String, order evaluated: Int? = nil) -> Double {
        let order = min(max(evaluated ?? self.order, 1), self.order)
        var logSum = 0.0
        var count = 0
        var state = ContextState(order: order)
        for sentence in WordTokenizer.sentences(in: text) {
            state.reset()
            for token in ids(of: sentence) + [Vocabulary.sentenceEnd] {
                logSum += log(core.probability(token, contexts: state.nodes, order: order))
                count += 1
                state.advance(token, model: core)
            }
        }
        return count == 0 ? 1 : exp(-logSum / Double(count))
    }
}
