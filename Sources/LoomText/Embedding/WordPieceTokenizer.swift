import Foundation
import LoomCore

/// BERT's WordPiece tokenizer: the basic tokenizer's words cut into the longest pieces the
/// vocabulary holds, continuation pieces marked `##`.
///
/// A word longer than ``maxCharactersPerWord`` Unicode scalars, or one that cannot be cut
/// completely into vocabulary pieces, becomes `[UNK]`. ``encode(_:maxLength:)`` adds `[CLS]`
/// and `[SEP]` and truncates to the model's sequence length. The ids equal those of Hugging
/// Face's `tokenizers` package for the same `vocab.txt` (`Scripts/reference_embed.py` checks
/// this on the test sentences).
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(vocabularyFile: "Models/all-MiniLM-L6-v2/vocab.txt")
/// let ids = tokenizer.encode("Light the lamp!")  // [101, 2422, 1996, 10437, 999, 102]
/// ```
public struct WordPieceTokenizer: Sendable {
    /// The pieces by id (line order of `vocab.txt`).
    public let pieces: [String]
    /// Ids by the exact UTF-8 bytes of a piece: Swift's `String` equality would treat
    /// canonically equivalent spellings (a Hangul syllable and its jamo) as one piece, and
    /// the reference does not.
    private let ids: [[UInt8]: Int]
    /// The id of `[UNK]`, `[CLS]`, `[SEP]` and `[PAD]`.
    public let unknownID: Int
    /// The id of `[CLS]`, put before every sequence.
    public let classID: Int
    /// The id of `[SEP]`, put after every sequence.
    public let separatorID: Int
    /// The id of `[PAD]`.
    public let paddingID: Int
    /// Words longer than this (in Unicode scalars) become `[UNK]`. Default: 100, as BERT.
    public var maxCharactersPerWord = 100
    let basic = BertBasicTokenizer()

    /// A tokenizer over the given pieces (id = position). It must hold `[UNK]`, `[CLS]`,
    /// `[SEP]` and `[PAD]`.
    public init(pieces: [String], source: String = "<vocabulary>") throws {
        self.pieces = pieces
        var ids: [[UInt8]: Int] = [:]
        for (id, piece) in pieces.enumerated() where ids[Array(piece.utf8)] == nil {
            ids[Array(piece.utf8)] = id
        }
        self.ids = ids
        func special(_ name: String) throws -> Int {
            guard let id = ids[Array(name.utf8)] else {
                throw LoomError(
                    .format, "\(source) has no \(name) piece, which a BERT vocabulary needs",
                    at: SourceLocation(file: source))
            }
            return id
        }
        unknownID = try special("[UNK]")
        classID = try special("[CLS]")
        separatorID = try special("[SEP]")
        paddingID = try special("[PAD]")
    }

    /// Reads `vocab.txt`: one piece per line, the line number (from 0) its id.
    public init(vocabularyFile path: String) throws {
        let data = try AtomicFile.read(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoomError(.format, "\(path) is not UTF-8 text", at: SourceLocation(file: path))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(pieces: lines, source: path)
    }

    /// The number of pieces.
    public var count: Int { pieces.count }

    /// The WordPiece ids of `text`, without `[CLS]` and `[SEP]`.
    public func tokenize(_ text: String) -> [Int] {
        var result: [Int] = []
        for word in basic.words(text) { appendPieces(of: word, to: &result) }
        return result
    }

    /// `[CLS]`, the ids of `text` (the first `maxLength − 2` when longer), `[SEP]`.
    public func encode(_ text: String, maxLength: Int = 256) -> [Int] {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        return [classID] + tokenize(text).prefix(maxLength - 2) + [separatorID]
    }

    /// Longest match first: at each position the longest vocabulary piece that starts there
    /// (with `##` after the first piece); the whole word is `[UNK]` if some position has none.
    private func appendPieces(of word: [Unicode.Scalar], to result: inout [Int]) {
        guard word.count <= maxCharactersPerWord else {
            result.append(unknownID)
            return
        }
        var found: [Int] = []
        var start = 0
        var key: [UInt8] = []
        while start < word.count {
            var end = word.count
            var match: Int?
            while start < end {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(contentsOf: [35, 35]) }
                for scalar in word[start..<end] { key.append(contentsOf: UTF8.encode(scalar)!) }
                if let id = ids[key] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                result.append(unknownID)
                return
            }
            found.append(match)
            start = end
        }
        result.append(contentsOf: found)
    }
}
