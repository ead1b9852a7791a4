import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("llama2.c tokenizer")
struct LlamaTokenizerTests {
    @Test("encodes like llama2.c: BOS, dummy space, merges by score")
    func encodesWithMerges() throws {
        let tokenizer = try TransformerFixtures.tokenizer()
        // ' ' t h e ' ' c a t → th → the → ' the'; nothing joins ' ' with c, c with a, a with t.
        #expect(tokenizer.encode("the cat") == [1, 291, 259, 262, 260, 279])
        #expect(tokenizer.encode("the cat", bos: false, eos: true) == [291, 259, 262, 260, 279, 2])
        #expect(tokenizer.encode("") == [1])
        // Greedy, like llama2.c: ' a' (score 66) merges before 'an' (65), and ' a'+n is no piece,
        // so the better ' and' is never reached.
        #expect(tokenizer.encode("and", bos: false) == [293, 273, 263])
        #expect(tokenizer.encode("the", bos: false) == [291])
    }

    @Test("characters without a piece fall back to byte tokens")
    func byteFallback() throws {
        let tokenizer = try TransformerFixtures.tokenizer()
        // é has its own piece; 日 is E6 97 A5 → tokens 3 + byte.
        #expect(tokenizer.encode("é日", bos: false) == [259, 299, 3 + 0xE6, 3 + 0x97, 3 + 0xA5])
        #expect(tokenizer.decode([3 + 0xE6, 3 + 0x97, 3 + 0xA5]) == "日")
    }

    @Test(
        "decode inverts encode",
        arguments: [
            "the cat and the hat.", " leading space", "Tabs\tand\nnewlines", "naïve café 日本語 🙂", "x", "  ",
            "THE END",
        ])
    func roundTrip(text: String) throws {
        let tokenizer = try TransformerFixtures.tokenizer()
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
        #expect(tokenizer.decode(tokenizer.encode(text, bos: true, eos: true)) == text)
    }

    @Test("the space after BOS is dropped only once")
    func bosSpace() throws {
        let tokenizer = try TransformerFixtures.tokenizer()
        #expect(tokenizer.decode(291, after: 1) == Array("the".utf8))
        #expect(tokenizer.decode(291, after: 260) == Array(" the".utf8))
        #expect(tokenizer.decode(2, after: 260) == [])
    }

    @Test("truncated tokenizer files give clear errors")
    func truncated() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TransformerFixtures.path("tiny-tokenizer.bin"))))
        func message(_ data: [UInt8], vocabulary: Int = 300) -> String {
            do {
                _ = try LlamaTokenizer.llama2c(bytes: data, vocabularySize: vocabulary, name: "tok.bin")
                return "no error"
            } catch let error as LoomError { return error.message } catch { return "\(error)" }
        }
        #expect(message(Array(bytes.prefix(2))).contains("expected the max token length"))
        #expect(message(Array(bytes.dropLast(1))).contains("token 299 needs 2 bytes"))
        #expect(message(bytes, vocabulary: 301).contains("expected the score of token 300"))
        #expect(message(bytes) == "no error")
    }
}
