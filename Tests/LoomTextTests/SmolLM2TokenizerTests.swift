import Foundation
import LoomCore
import Testing

@testable import LoomText

/// SmolLM2's tokenizer against llama.cpp's `llama-tokenize` on a few thousand random and
/// tricky strings (`Scripts/tokenizer-fixtures llama` wrote the fixture), with special parsing
/// off and, for strings that spell control tokens, on.
@Suite struct SmolLM2TokenizerTests {
    /// One string and its ids from llama.cpp, with special parsing off and (for strings that
    /// spell control tokens) on.
    struct Case: Sendable {
        var text: String
        var special: Bool
        var ids: [Int]
    }

    /// The fixture's strings, each with base64 little-endian UInt16 ids (to keep it under 1 MB).
    struct Entry: Decodable {
        var text: String
        var ids: String
        var special: String?
    }

    struct File: Decodable {
        var cases: [Entry]
    }

    static func decode(_ base64: String) -> [Int]? {
        guard let data = Data(base64Encoded: base64), data.count % 2 == 0 else { return nil }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count, by: 2).map { Int(bytes[$0]) | Int(bytes[$0 + 1]) << 8 }
    }

    static let fixture: [Case]? = {
        guard let data = FileManager.default.contents(atPath: Fixtures.path("tokenizer/smollm2-ids.json")),
            let file = try? JSONDecoder().decode(File.self, from: data)
        else { return nil }
        var cases: [Case] = []
        for entry in file.cases {
            guard let ids = decode(entry.ids) else { return nil }
            cases.append(Case(text: entry.text, special: false, ids: ids))
            if let special = entry.special {
                guard let ids = decode(special) else { return nil }
                cases.append(Case(text: entry.text, special: true, ids: ids))
            }
        }
        return cases
    }()

    @Test(
        "tokens equal llama.cpp's on every fixture string", .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func parity() throws {
        let tokenizer = try #require(RealModels.smolLM2Tokenizer)
        let fixture = try #require(Self.fixture, "Fixtures/tokenizer/smollm2-ids.json is missing")
        #expect(Set(fixture.map(\.text)).count >= 2000 && fixture.count >= 3000)
        var mismatches: [String] = []
        for item in fixture {
            let ids = tokenizer.encode(item.text, bos: tokenizer.addsBOS, eos: false, parsingSpecial: item.special)
            if ids != item.ids {
                mismatches.append("\(item.text.debugDescription) special=\(item.special): \(ids) != \(item.ids)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g.\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test(
        "every fixture string decodes back to itself, less the bytes the vocabulary lacks",
        .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func roundTrip() throws {
        let tokenizer = try #require(RealModels.smolLM2Tokenizer)
        let fixture = try #require(Self.fixture)
        let missing = Set(
            (0...255).filter { tokenizer.tokenID(for: String(ByteLevelBPETokenizer.byteCharacters[$0])) == nil }.map {
                UInt8($0)
            })
        // Control bytes no text uses and bytes UTF-8 never holds (0xC0, 0xC1, 0xF5…0xFF), and 0xF1, 0xF2.
        #expect(missing == Set<UInt8>([0x04, 0x06, 0x13, 0x14, 0x16, 0x1D, 0xC0, 0xC1, 0xF1, 0xF2]).union(0xF5...0xFF))
        for item in fixture where !item.special {
            let kept = String(decoding: item.text.utf8.filter { !missing.contains($0) }, as: UTF8.self)
            #expect(tokenizer.decodeText(tokenizer.encode(item.text, bos: false, eos: false)) == kept)
        }
    }

    @Test(
        "SmolLM2's metadata: smollm rule, no BOS, control tokens, end of turn",
        .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func metadata() throws {
        let tokenizer = try #require(RealModels.smolLM2Tokenizer)
        #expect(tokenizer.preTokenizer == .smollm)
        #expect(!tokenizer.addsBOS && !tokenizer.addsEOS)
        let start = try #require(tokenizer.tokenID(for: "<|im_start|>"))
        let end = try #require(tokenizer.tokenID(for: "<|im_end|>"))
        #expect(tokenizer.controlTokens.contains(start) && tokenizer.endOfGeneration.contains(end))
        #expect(tokenizer.endOfGeneration.contains(tokenizer.eos))
        // Parsed, "<|im_start|>" is one token; as text, it is several, and decodes back.
        #expect(tokenizer.encode("<|im_start|>user", bos: false, eos: false, parsingSpecial: true).first == start)
        let plain = tokenizer.encode("<|im_start|>user", bos: false, eos: false)
        #expect(!plain.contains(start) && tokenizer.decodeText(plain) == "<|im_start|>user")
        #expect(tokenizer.decode(start, after: nil).isEmpty)
    }
}

/// The other pre-tokenizers with SmolLM2's vocabulary against llama.cpp's `llama-tokenize` on
/// the same file with `tokenizer.ggml.pre` rewritten (`Scripts/tokenizer-fixtures rules`).
@Suite struct PreTokenizerLlamaParityTests {
    struct Fixture: Decodable {
        var texts: [String]
        var ids: [String: [[Int]]]
    }

    static let fixture: Fixture? = {
        guard let data = FileManager.default.contents(atPath: Fixtures.path("tokenizer/smollm2-rules-ids.json")) else {
            return nil
        }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    @Test(
        "qwen2, llama-bpe, gpt-2 and default split and merge as llama.cpp does",
        .enabled(if: RealModels.smolLM2 != nil, RealModels.absent),
        arguments: ["qwen2", "llama-bpe", "gpt-2", "default"])
    func parity(rule name: String) throws {
        let file = try #require(RealModels.smolLM2)
        let fixture = try #require(Self.fixture, "Fixtures/tokenizer/smollm2-rules-ids.json is missing")
        let rule = try #require(ByteLevelBPETokenizer.PreTokenizer(ggufName: name))
        let tokenizer = try ByteLevelBPETokenizer(
            tokens: try file.strings("tokenizer.ggml.tokens"), merges: try file.strings("tokenizer.ggml.merges"),
            bos: 1, eos: 2, preTokenizer: rule, types: try file.tokenTypes(count: 49152))
        let expected = try #require(fixture.ids[name])
        #expect(expected.count == fixture.texts.count && expected.count >= 200)
        var mismatches: [String] = []
        for (text, ids) in zip(fixture.texts, expected) where tokenizer.encode(text, bos: false, eos: false) != ids {
            mismatches.append(text.debugDescription)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(5))")
    }
}
