import Foundation
import LoomCore
import Testing

@testable import LoomText

/// SmolLM2's byte-level BPE tokenizer with three ordinary pieces (`he`, `ing`, `ll`) retyped as
/// user-defined tokens, against llama.cpp's `llama-tokenize` on 300 strings with special parsing
/// off (`Scripts/tokenizer-fixtures bpeuser` wrote the fixture from a copy of the file's
/// metadata): llama.cpp cuts user-defined tokens out of the text before the pre-tokenizer runs,
/// whether or not special parsing is on.
@Suite struct UserDefinedTokenParityTests {
    struct Fixture: Decodable {
        var texts: [String]
        var userDefinedPieces: [String: Int]
        var ids: [[Int]]

        enum CodingKeys: String, CodingKey {
            case texts, ids
            case userDefinedPieces = "user_defined_pieces"
        }
    }

    @Test(
        "tokens equal llama.cpp's with user-defined tokens in a byte-level BPE vocabulary",
        .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func parity() throws {
        let file = try #require(RealModels.smolLM2)
        let data = try #require(FileManager.default.contents(atPath: Fixtures.path("tokenizer/smollm2-user-ids.json")))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        #expect(fixture.ids.count == fixture.texts.count && fixture.ids.count >= 300)
        let tokens = try file.strings("tokenizer.ggml.tokens")
        var types = try file.tokenTypes(count: tokens.count)
        for (piece, id) in fixture.userDefinedPieces {
            #expect(tokens[id] == piece)
            types[id] = .userDefined
        }
        let tokenizer = try ByteLevelBPETokenizer(
            tokens: tokens, merges: try file.strings("tokenizer.ggml.merges"), bos: 1, eos: 2,
            preTokenizer: .smollm, types: types)
        #expect(tokenizer.userDefinedTokens == Set(fixture.userDefinedPieces.values))
        var wrong: [String] = []
        for (text, ids) in zip(fixture.texts, fixture.ids) {
            let found = tokenizer.encode(text, bos: false, eos: false)
            if found != ids { wrong.append("\(text.debugDescription): \(found) != \(ids)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) differ, e.g.\n\(wrong.prefix(3).joined(separator: "\n"))")
        // The retyping matters: 30 of the strings (most are not English) tokenize differently
        // with the pieces user-defined.
        let plain = try #require(RealModels.smolLM2Tokenizer)
        let changed = zip(fixture.texts, fixture.ids).filter { plain.encode($0, bos: false, eos: false) != $1 }.count
        #expect(changed >= 25)
    }
}
