import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Loom's SentencePiece tokenizer against llama.cpp's `llama-tokenize` on the shipped
/// `Assets/models/loom-prose.gguf` (BOS added, a space before the text, `<0xNN>` byte tokens for
/// characters the vocabulary lacks), on 400 random and tricky strings
/// (`Scripts/tokenizer-fixtures spm` wrote the fixture).
@Suite struct SentencePieceParityTests {
    struct Fixture: Decodable {
        var texts: [String]
        var ids: [[Int]]
    }

    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Assets/models/loom-prose.gguf").path

    @Test("tokens equal llama.cpp's on every fixture string")
    func parity() throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("tokenizer/loom-prose-ids.json")))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        #expect(fixture.texts.count == fixture.ids.count && fixture.ids.count >= 400)
        let tokenizer = try #require(try GGUFFile.load(from: Self.model).textTokenizer() as? LlamaTokenizer)
        #expect(tokenizer.addsBOS && tokenizer.addsSpacePrefix)
        var mismatches: [String] = []
        for (text, ids) in zip(fixture.texts, fixture.ids) where tokenizer.encodePrompt(text) != ids {
            mismatches.append("\(text.debugDescription): \(tokenizer.encodePrompt(text)) != \(ids)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g.\n\(mismatches.prefix(3).joined(separator: "\n"))")
    }
}
