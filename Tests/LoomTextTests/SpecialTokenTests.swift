import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Special tokens, BOS/EOS flags and end-of-generation ids read from GGUF metadata, as
/// llama.cpp's tokenizer uses them.
@Suite struct SpecialTokenTests {
    typealias Metadata = ByteLevelBPETests.Metadata

    /// A SentencePiece vocabulary: `<unk>`, `<s>`, `</s>`, two control tokens, a user-defined
    /// one, a few pieces and the 256 byte tokens.
    static func sentencePiece(_ extra: [(String, Metadata)] = []) throws -> LlamaTokenizer {
        var tokens = [
            "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "<tool>", "\u{2581}", "a", "b", "\u{2581}a", "ab",
        ]
        var types: [Int32] = [2, 3, 3, 3, 3, 4, 1, 1, 1, 1, 1]
        for byte in 0..<256 {
            tokens.append(String(format: "<0x%02X>", byte))
            types.append(6)
        }
        let entries: [(String, Metadata)] =
            [
                ("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", .strings(tokens)),
                ("tokenizer.ggml.token_type", .i32s(types)), ("tokenizer.ggml.bos_token_id", .u32(1)),
                ("tokenizer.ggml.eos_token_id", .u32(2)),
            ] + extra
        let file = try GGUFFile(bytes: ByteLevelBPETests.metadataFile(entries), name: "spm.gguf")
        return try #require(try file.textTokenizer() as? LlamaTokenizer)
    }

    @Test("SentencePiece: control tokens only with special parsing, a space after each, user-defined always")
    func sentencePieceSpecials() throws {
        let tokenizer = try Self.sentencePiece()
        #expect(tokenizer.addsBOS && !tokenizer.addsEOS && tokenizer.addsSpacePrefix)
        // "<|im_start|>" then " a" (the space prefix comes back after a special token), "<|im_end|>".
        #expect(
            tokenizer.encode("<|im_start|>a<|im_end|>", bos: true, eos: false, parsingSpecial: true) == [1, 3, 9, 4])
        let plain = tokenizer.encode("<|im_start|>a", bos: false, eos: false)
        #expect(!plain.contains(3) && tokenizer.decodeText(plain) == " <|im_start|>a")
        // A user-defined token is found whole even without special parsing.
        #expect(tokenizer.encode("a<tool>b", bos: false, eos: false) == [9, 5, 6, 8])
        #expect(tokenizer.endOfGeneration == [2, 4])
        #expect(tokenizer.decode(3, after: nil).isEmpty && tokenizer.decode(0, after: nil).isEmpty)
    }

    @Test("SentencePiece: add_bos_token, add_eos_token and add_space_prefix come from the file")
    func sentencePieceFlags() throws {
        let tokenizer = try Self.sentencePiece([
            ("tokenizer.ggml.add_bos_token", .bool(false)), ("tokenizer.ggml.add_eos_token", .bool(true)),
            ("tokenizer.ggml.add_space_prefix", .bool(false)),
        ])
        #expect(!tokenizer.addsBOS && tokenizer.addsEOS && !tokenizer.addsSpacePrefix)
        #expect(tokenizer.encodePrompt("ab") == [10, 2])
    }

    @Test("byte-level BPE: Llama 3's rule takes a word that is a whole token as it is")
    func ignoresMerges() throws {
        var tokens = ByteLevelBPETokenizer.byteCharacters.map { String($0) }
        tokens += ["he", "ll", "hello", "<|eot_id|>"]
        let merges = ["h e", "l l"]
        let llama3 = try ByteLevelBPETokenizer(
            tokens: tokens, merges: merges, preTokenizer: .llama3,
            types: Array(repeating: .normal, count: 259) + [.control])
        let gpt2 = try ByteLevelBPETokenizer(tokens: tokens, merges: merges, preTokenizer: .gpt2)
        func id(_ text: String) throws -> Int { try #require(llama3.tokenID(for: text)) }
        #expect(llama3.encode("hello", bos: false, eos: false) == [try id("hello")])
        #expect(gpt2.encode("hello", bos: false, eos: false) == [try id("he"), try id("ll"), try id("o")])
        // "<|eot_id|>" is a control token: parsed with special parsing, and it ends generation.
        #expect(llama3.encode("hello<|eot_id|>", bos: false, eos: false, parsingSpecial: true).last == tokens.count - 1)
        #expect(llama3.endOfGeneration == [tokens.count - 1])
    }
}
