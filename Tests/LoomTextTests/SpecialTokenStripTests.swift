import Foundation
import LoomCore
import Testing

@testable import LoomText

/// llama.cpp's LSTRIP and RSTRIP attributes of special tokens: whitespace next to the token is
/// dropped before the rest of the text is tokenized.
@Suite("Special tokens that strip whitespace")
struct SpecialTokenStripTests {
    struct Fixture: Decodable {
        var name: String
        var renamed: [String: String]
        var texts: [String]
        var ids: [[Int]]
    }

    /// Written by `Scripts/tokenizer-fixtures strip llama-tokenize MODEL`: SmolLM2's vocabulary
    /// under the name "Phi3 Strip Test" (control tokens 14-16 renamed `<s>`, `</s>`, `<unk>`),
    /// tokenized by llama.cpp with special parsing on.
    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tokenizer/smollm2-strip-ids.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(
        "a Phi-3 model's special tokens take the whitespace after them, as llama.cpp's do",
        .enabled(if: RealModels.smolLM2 != nil, RealModels.absent))
    func phi3() throws {
        var tokenizer = try #require(RealModels.smolLM2Tokenizer)
        let fixture = try Self.fixture()
        var texts = tokenizer.tokens.map { Array($0.utf8) }
        for (id, text) in fixture.renamed { texts[Int(id)!] = Array(text.utf8) }
        let types = (0..<texts.count).map { tokenizer.controlTokens.contains($0) ? TokenType.control : .normal }
        tokenizer.special = SpecialTokens(texts: texts, types: types)
        let stripped = SpecialTokens.stripped(
            name: fixture.name, preTokenizer: "smollm", architecture: "llama", texts: texts, types: types)
        #expect(stripped.left.isEmpty && stripped.right.contains(15) && !stripped.right.contains(0))
        #expect(!stripped.right.contains(14) && !stripped.right.contains(16) && stripped.right.contains(2))
        tokenizer.special.setStripping(left: stripped.left, right: stripped.right)
        for (text, ids) in zip(fixture.texts, fixture.ids) {
            #expect(
                tokenizer.encode(text, bos: false, eos: false, parsingSpecial: true) == ids, "\(text.debugDescription)")
        }
        // Without the name, nothing strips.
        let plain = try #require(RealModels.smolLM2Tokenizer)
        #expect(
            plain.encode("a <|im_end|>  b", bos: false, eos: false, parsingSpecial: true) == [81, 216, 2, 216, 278])
    }

    @Test("LSTRIP drops the whitespace before a token; names pick the attributes as llama.cpp does")
    func rules() {
        let texts = ["a", " ", "<mask>", "[MASK]", "<|x|>"].map { Array($0.utf8) }
        let types: [TokenType] = [.normal, .normal, .control, .control, .userDefined]
        let jina = SpecialTokens.stripped(
            name: "any", preTokenizer: "jina-v2-code", architecture: "bert", texts: texts, types: types)
        #expect(jina.left == [2] && jina.right.isEmpty)
        let modern = SpecialTokens.stripped(
            name: "Modern-BERT base", preTokenizer: "gpt2", architecture: "modern-bert", texts: texts, types: types)
        #expect(modern.left == [3])
        let phi = SpecialTokens.stripped(
            name: "PHI-3 mini", preTokenizer: "", architecture: "llama", texts: texts, types: types)
        #expect(phi.left.isEmpty && phi.right == [2, 3, 4])
        let llama = SpecialTokens.stripped(
            name: "Llama", preTokenizer: "", architecture: "llama", texts: texts, types: types)
        #expect(llama.left.isEmpty && llama.right.isEmpty)
        var special = SpecialTokens(texts: texts, types: types)
        special.setStripping(left: [2], right: [])
        let bytes = Array("a \t<mask>  b".utf8)
        #expect(special.fragments(of: bytes, parsingSpecial: true) == [.text(0..<1), .token(2), .text(9..<12)])
    }
}
