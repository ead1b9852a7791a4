import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The flat piece store and its lookup table, against plain arrays and a dictionary.
@Suite("llama2.c tokenizer pieces")
struct LlamaTokenizerPiecesTests {
    /// The byte vocabulary, every two-letter lowercase piece, an empty piece and two pieces
    /// that repeat earlier ones.
    static let pieces: [[UInt8]] = {
        var pieces = LlamaTokenizer.baseVocabulary().pieces
        for first in UInt8(ascii: "a")...UInt8(ascii: "z") {
            for second in UInt8(ascii: "a")...UInt8(ascii: "z") { pieces.append([first, second]) }
        }
        pieces += [[], Array("ab".utf8), Array("<0x41>".utf8)]
        return pieces
    }()

    static func tokenizer() throws -> LlamaTokenizer {
        try LlamaTokenizer(pieces: pieces, scores: [Float](repeating: 0, count: pieces.count))
    }

    @Test("pieces read back as given, and compare equal exactly when they are")
    func readBack() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.pieces.count == Self.pieces.count && Array(tokenizer.pieces) == Self.pieces)
        #expect(tokenizer.pieces[258] == Array("<0xFF>".utf8) && tokenizer.pieces[Self.pieces.count - 3] == [])
        #expect(tokenizer.pieces == (try Self.tokenizer()).pieces)
        var other = Self.pieces
        other[300] = Array("zz".utf8)
        let changed = try LlamaTokenizer(pieces: other, scores: [Float](repeating: 0, count: other.count))
        #expect(changed.pieces != tokenizer.pieces)
    }

    @Test("every piece is found at its id; a repeated piece at its first id; others at none")
    func lookup() throws {
        let tokenizer = try Self.tokenizer()
        var first: [[UInt8]: Int] = [:]
        for (id, piece) in Self.pieces.enumerated() where first[piece] == nil { first[piece] = id }
        let wrong = first.filter { tokenizer.tokenID(for: $0.key) != $0.value }
        #expect(wrong.isEmpty, "\(wrong.count) pieces found at the wrong id")
        #expect(tokenizer.tokenID(for: Array("ab".utf8)) == 260 && tokenizer.tokenID(for: []) == Self.pieces.count - 3)
        for absent in ["abc", "a", "A", "<0x4", "zzz"] { #expect(tokenizer.tokenID(for: Array(absent.utf8)) == nil) }
    }

    @Test("byte tokens are the first <0xXX> piece of each byte; a repeat still decodes as its byte")
    func byteTokens() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.byteTokens == Array(3..<259))
        #expect(tokenizer.decode(Self.pieces.count - 1, after: nil) == [0x41])
        #expect(tokenizer.decode(3 + 0x41, after: nil) == [0x41])
    }

    @Test("an unreadable tokenizer file is an I/O error naming it")
    func unreadable() throws {
        let path = "/nonexistent-loom/tokenizer.bin"
        do {
            _ = try LlamaTokenizer.loadLlama2c(from: path, vocabularySize: 300)
            Issue.record("no error")
        } catch let error as LoomError {
            #expect(error.kind == .io)
            #expect(error.message == "\(path): cannot read the tokenizer (No such file or directory)")
        }
    }

    @Test("loading a file reads what parsing its bytes does")
    func loadMatchesParse() throws {
        let path = TransformerFixtures.path("tiny-tokenizer.bin")
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        let loaded = try LlamaTokenizer.loadLlama2c(from: path, vocabularySize: 300)
        let parsed = try LlamaTokenizer.llama2c(bytes: bytes, vocabularySize: 300)
        #expect(loaded.pieces == parsed.pieces && loaded.scores == parsed.scores && loaded.pieces.count == 300)
    }

    @Test("GGUF pieces have each ▁ made a space exactly as Foundation's replacement makes it")
    func sentencePieceSpaces() throws {
        let tokens = [
            "▁the", "▁", "▁▁", "a▁b", "▁!", "x", "日本", "é▁", "\u{2582}", "▁\u{301}", "▁\u{93F}", "▁д", "▁▁\u{301}",
            "▁\u{200D}x", "▁e\u{301}",
        ]
        var pieces = LlamaTokenizer.Pieces()
        var scratch: [UInt8] = []
        for token in tokens { try GGUFFile.appendSentencePiece(token, to: &pieces, scratch: &scratch) }
        #expect(Array(pieces) == tokens.map { Array($0.replacingOccurrences(of: "\u{2581}", with: " ").utf8) })
        #expect(pieces[0] == Array(" the".utf8) && pieces[2] == [0x20, 0x20] && pieces[3] == Array("a b".utf8))
    }
}
