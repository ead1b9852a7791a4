import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Loom's SentencePiece tokenizer against llama.cpp's `llama-tokenize` with the shipped
/// `Assets/models/loom-prose.gguf`'s vocabulary under two settings its own file does not use
/// (`Scripts/tokenizer-fixtures spmflags` wrote the fixture, from copies of the file's metadata):
/// `tokenizer.ggml.add_space_prefix` false (no space before the text), and three ordinary pieces
/// retyped as user-defined tokens, which llama.cpp cuts out of the text before anything else and
/// after which it puts the space prefix again.
@Suite struct SentencePieceFlagsParityTests {
    struct Fixture: Decodable {
        var texts: [String]
        var userDefinedPieces: [String: Int]
        var ids: [String: [[Int]]]

        enum CodingKeys: String, CodingKey {
            case texts, ids
            case userDefinedPieces = "user_defined_pieces"
        }
    }

    static func fixture() throws -> Fixture {
        let path = Fixtures.path("tokenizer/loom-prose-flags-ids.json")
        let data = try #require(FileManager.default.contents(atPath: path))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    static func tokenizer() throws -> LlamaTokenizer {
        try GGUFFile.load(from: SentencePieceParityTests.model).sentencePieceTokenizer()
    }

    static func mismatches(_ tokenizer: LlamaTokenizer, _ texts: [String], _ expected: [[Int]]) -> [String] {
        zip(texts, expected).compactMap { text, ids in
            let found = tokenizer.encodePrompt(text)
            return found == ids ? nil : "\(text.debugDescription): \(found) != \(ids)"
        }
    }

    @Test("without add_space_prefix, tokens equal llama.cpp's on every fixture string")
    func noSpacePrefix() throws {
        let fixture = try Self.fixture()
        let expected = try #require(fixture.ids["no_space_prefix"])
        #expect(expected.count == fixture.texts.count && expected.count >= 300)
        var tokenizer = try Self.tokenizer()
        tokenizer.addsSpacePrefix = false
        let wrong = Self.mismatches(tokenizer, fixture.texts, expected)
        #expect(wrong.isEmpty, "\(wrong.count) differ, e.g.\n\(wrong.prefix(3).joined(separator: "\n"))")
    }

    @Test("with user-defined tokens, tokens equal llama.cpp's on every fixture string")
    func userDefined() throws {
        let fixture = try Self.fixture()
        let expected = try #require(fixture.ids["user_defined"])
        #expect(expected.count == fixture.texts.count)
        var tokenizer = try Self.tokenizer()
        var types = tokenizer.types
        for (piece, id) in fixture.userDefinedPieces {
            #expect(tokenizer.pieces[id] == Array(piece.utf8))
            types[id] = .userDefined
        }
        tokenizer.setTypes(types)
        let wrong = Self.mismatches(tokenizer, fixture.texts, expected)
        #expect(wrong.isEmpty, "\(wrong.count) differ, e.g.\n\(wrong.prefix(3).joined(separator: "\n"))")
        // The retyping matters: most strings tokenize differently with the pieces as user-defined.
        let plain = try Self.tokenizer()
        let changed = zip(fixture.texts, expected).filter { plain.encodePrompt($0) != $1 }.count
        #expect(changed >= fixture.texts.count / 4)
    }
}
