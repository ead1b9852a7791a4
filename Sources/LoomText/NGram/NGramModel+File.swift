import Foundation
import LoomCore

/// The `.ngram` file format, version 1 (all integers little-endian):
///
/// ```
/// "LOOMNGRM" · u32 version · u32 order · u64 tokens · u64 sentences
/// u32 vocabulary count · per token: u32 byte length, UTF-8 bytes
/// per order 1…N: 3 × f64 discounts
/// order 1: u32 count, adjusted counts by token id
/// per order 2…N: first-child offsets (u32 count, values), last tokens, adjusted counts
/// u64 FNV-1a checksum of every byte before it
/// ```
extension NGramModel {
    static let magic = "LOOMNGRM"
    static let formatVersion: UInt32 = 1

    /// The model as the bytes of a `.ngram` file.
    public func serialized() -> [UInt8] {
        var writer = BinaryWriter()
        writer.bytes.append(contentsOf: Self.magic.utf8)
        writer.write(Self.formatVersion)
        writer.write(UInt32(order))
        writer.write(UInt64(tokenCount))
        writer.write(UInt64(sentenceCount))
        writer.write(UInt32(vocabulary.count))
        for token in vocabulary.tokens { writer.write(token) }
        let tables = core.tables
        for discounts in tables.discounts {
            for value in discounts { writer.write(value) }
        }
        writer.write(tables.unigramCounts)
        for n in 2...order {
            writer.write(tables.firstChild[n - 2])
            writer.write(tables.words[n - 2])
            writer.write(tables.counts[n - 2])
        }
        writer.writeChecksum()
        return writer.bytes
    }

    /// Writes the model to `path` atomically (a temporary file, then a rename).
    public func save(to path: String) throws {
        try AtomicFile.write(Data(serialized()), to: path)
    }

    /// Loads a model saved by ``save(to:)``; a truncated, corrupt or foreign file is a
    /// `.format` error naming `path` and what is wrong.
    public static func load(from path: String) throws -> NGramModel {
        try NGramModel(serialized: [UInt8](try AtomicFile.read(path)), file: path)
    }

    /// Decodes the bytes of a `.ngram` file; `file` names it in errors.
    public init(serialized bytes: [UInt8], file: String = "<model>") throws {
        var reader = BinaryReader(bytes, file: file, what: "n-gram model")
        try reader.expectHeader(magic: Self.magic, version: Self.formatVersion)
        // Every count below is trusted only once the whole file is known to be intact.
        try reader.verifyTrailingChecksum()
        let order = Int(try reader.read(UInt32.self))
        guard (2...5).contains(order) else { throw reader.error("corrupt n-gram model: order \(order) is not 2 to 5") }
        let tokenCount = try reader.readCount("the token count")
        let sentenceCount = try reader.readCount("the sentence count")
        let vocabularyCount = Int(try reader.read(UInt32.self))
        guard vocabularyCount >= 4, vocabularyCount <= bytes.count else {
            throw reader.error("corrupt n-gram model: a vocabulary of \(vocabularyCount) tokens")
        }
        var tokens: [String] = []
        tokens.reserveCapacity(vocabularyCount)
        for _ in 0..<vocabularyCount { tokens.append(try reader.readString()) }
        guard Array(tokens[0..<3]) == ["<s>", "</s>", "<unk>"] else {
            throw reader.error("corrupt n-gram model: the vocabulary does not start with <s>, </s>, <unk>")
        }
        var discounts: [[Double]] = []
        for n in 1...order {
            let values = [try reader.readDouble(), try reader.readDouble(), try reader.readDouble()]
            for (k, value) in values.enumerated() where !(value >= 0 && value <= Double(k + 1)) {
                throw reader.error("corrupt n-gram model: discount D\(k + 1) of order \(n) is \(value)")
            }
            discounts.append(values)
        }
        let unigrams = try reader.readArray(limit: vocabularyCount)
        guard unigrams.count == vocabularyCount, unigrams[Int(Vocabulary.sentenceStart)] == 0 else {
            throw reader.error("corrupt n-gram model: the unigram counts do not fit the \(vocabularyCount) tokens")
        }
        var firstChild: [[UInt32]] = [], words: [[UInt32]] = [], counts: [[UInt32]] = []
        var parentCount = vocabularyCount
        for n in 2...order {
            let starts = try reader.readArray(limit: parentCount + 1)
            let nodeWords = try reader.readArray(limit: bytes.count)
            let nodeCounts = try reader.readArray(limit: nodeWords.count)
            guard starts.count == parentCount + 1, starts.first == 0, Int(starts.last!) == nodeWords.count,
                nodeCounts.count == nodeWords.count
            else { throw reader.error("corrupt n-gram model: the order-\(n) tables do not fit together") }
            for context in 0..<parentCount {
                let low = Int(starts[context]), high = Int(starts[context + 1])
                guard low <= high else { throw reader.error("corrupt n-gram model: order-\(n) offsets go backwards") }
                for i in low..<high {
                    guard Int(nodeWords[i]) < vocabularyCount, nodeCounts[i] > 0,
                        i == low || nodeWords[i - 1] < nodeWords[i]
                    else {
                        throw reader.error(
                            "corrupt n-gram model: order-\(n) tokens are out of range or order, or a count is zero")
                    }
                }
            }
            firstChild.append(starts)
            words.append(nodeWords)
            counts.append(nodeCounts)
            parentCount = nodeWords.count
        }
        try reader.expectChecksum()
        let tables = KneserNeyTables(
            order: order, vocabularySize: vocabularyCount, unigramCounts: unigrams, firstChild: firstChild,
            words: words, counts: counts, discounts: discounts)
        self.init(
            vocabulary: try Vocabulary(tokens: tokens), tables: tables, tokenCount: tokenCount,
            sentenceCount: sentenceCount)
    }
}
