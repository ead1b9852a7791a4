import Foundation
import LoomCore
import Testing

@testable import LoomText

/// Byte-level BPE (GGUF's `gpt2` tokenizers): the pre-tokenizers against the regular
/// expressions they implement, merges by rank, byte round trips, and loading from GGUF metadata.
@Suite struct ByteLevelBPETests {
    /// Splits made by Python's `regex` module with GPT-2's and Llama 3's patterns.
    static let splits: [(text: String, gpt2: [String], llama3: [String])] = [
        (
            "Hello, world! It's 2026 and we'll see.",
            gpt2: ["Hello", ",", " world", "!", " It", "'s", " 2026", " and", " we", "'ll", " see", "."],
            llama3: ["Hello", ",", " world", "!", " It", "'s", " ", "202", "6", " and", " we", "'ll", " see", "."]
        ),
        (
            "  leading spaces and   runs   \n\n  of\twhitespace\t\t",
            gpt2: [" ", " leading", " spaces", " and", "  ", " runs", "   \n\n ", " of", "\t", "whitespace", "\t\t"],
            llama3: [" ", " leading", " spaces", " and", "  ", " runs", "   \n\n", " ", " of", "\twhitespace", "\t\t"]
        ),
        (
            "The tide's high; THEY'RE here: 1234567 coins (and 89.5%).",
            gpt2: [
                "The", " tide", "'s", " high", ";", " THEY", "'", "RE", " here", ":", " 1234567", " coins", " (", "and",
                " 89", ".", "5", "%).",
            ],
            llama3: [
                "The", " tide", "'s", " high", ";", " THEY", "'RE", " here", ":", " ", "123", "456", "7", " coins",
                " (", "and", " ", "89", ".", "5", "%).",
            ]
        ),
        (
            "na\u{EF}ve caf\u{E9} \u{2014} \u{AB}quoted\u{BB} \u{6771}\u{4EAC} emoji \u{1F642} done.\r\nnext line\n",
            gpt2: [
                "na\u{EF}ve", " caf\u{E9}", " \u{2014}", " \u{AB}", "quoted", "\u{BB}", " \u{6771}\u{4EAC}", " emoji",
                " \u{1F642}", " done", ".", "\r", "\n", "next", " line", "\n",
            ],
            llama3: [
                "na\u{EF}ve", " caf\u{E9}", " \u{2014}", " \u{AB}", "quoted", "\u{BB}", " \u{6771}\u{4EAC}", " emoji",
                " \u{1F642}", " done", ".\r\n", "next", " line", "\n",
            ]
        ),
        (
            "'s 'S 'Ll x'd  'x ''",
            gpt2: ["'s", " '", "S", " '", "Ll", " x", "'d", " ", " '", "x", " ''"],
            llama3: ["'s", " '", "S", " '", "Ll", " x", "'d", " ", " '", "x", " ''"]
        ),
        (
            "tabs\tand\u{A0}nbsp\u{2003}em space end   ",
            gpt2: ["tabs", "\t", "and", "\u{A0}", "nbsp", "\u{2003}", "em", " space", " end", "   "],
            llama3: ["tabs", "\tand", "\u{A0}nbsp", "\u{2003}em", " space", " end", "   "]
        ),
        (
            "(word) [x]...!? a-b_c",
            gpt2: ["(", "word", ")", " [", "x", "]...!?", " a", "-", "b", "_", "c"],
            llama3: ["(word", ")", " [", "x", "]...!?", " a", "-b", "_c"]
        ),
        (
            "",
            gpt2: [],
            llama3: []
        ),
    ]

    @Test("the pre-tokenizers split text exactly as their regular expressions do")
    func preTokenizersMatchTheirPatterns() {
        for (text, gpt2, llama3) in Self.splits {
            let scalars = Array(text.unicodeScalars)
            func words(_ rule: ByteLevelBPETokenizer.PreTokenizer) -> [String] {
                rule.words(in: scalars).map { range in
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[range])
                    return String(view)
                }
            }
            #expect(words(.gpt2) == gpt2, "\(text)")
            #expect(words(.llama3) == llama3, "\(text)")
        }
    }

    @Test func byteStandInsAreGPT2s() {
        let characters = ByteLevelBPETokenizer.byteCharacters
        #expect(Set(characters).count == 256)
        #expect(characters[0x20] == "\u{120}" && characters[0x0A] == "\u{10A}" && characters[0] == "\u{100}")
        #expect(characters[Int(UInt8(ascii: "A"))] == "A" && characters[0xAD] == "\u{143}")
        #expect(ByteLevelBPETokenizer.standIns(for: Array(" the".utf8)) == "\u{120}the")
    }

    /// Every byte, then the merges' results.
    static func vocabulary(merges: [String]) -> [String] {
        var tokens = ByteLevelBPETokenizer.byteCharacters.map { String($0) }
        for merge in merges { tokens.append(merge.replacingOccurrences(of: " ", with: "")) }
        return tokens + ["<|endoftext|>"]
    }

    @Test("merges apply by rank, not from the left")
    func mergesByRank() throws {
        let merges = ["h e", "\u{120} t", "t h", "\u{120}t he", "i d", "\u{120}t id"]
        let tokens = Self.vocabulary(merges: merges)
        let tokenizer = try ByteLevelBPETokenizer(
            tokens: tokens, merges: merges, bos: tokens.count - 1, eos: tokens.count - 1)
        func id(_ text: String) throws -> Int { try #require(tokenizer.tokenID(for: text)) }
        // " the": (h e) ranks first, so (t h) never gets its chance.
        #expect(
            try tokenizer.encode("the the tide", bos: false, eos: false) == [
                id("t"), id("he"), id("\u{120}the"), id("\u{120}tid"), id("e"),
            ])
        #expect(tokenizer.encode("", bos: false, eos: false).isEmpty)
        #expect(tokenizer.encode("x", bos: true, eos: true) == [tokens.count - 1, try id("x"), tokens.count - 1])
        #expect(tokenizer.decodeText(tokenizer.encode("the the tide", bos: false, eos: false)) == "the the tide")
    }

    @Test(
        "any text, every byte included, decodes back to itself",
        arguments: [
            ByteLevelBPETokenizer.PreTokenizer.gpt2, .llama3,
        ])
    func roundTrips(rule: ByteLevelBPETokenizer.PreTokenizer) throws {
        let merges = ["\u{120} t", "h e", "\u{120}t he", "e r", "\u{120} a", "i n", "Ċ Ċ"]
        let tokens = Self.vocabulary(merges: merges)
        let tokenizer = try ByteLevelBPETokenizer(
            tokens: tokens, merges: merges, eos: tokens.count - 1, preTokenizer: rule, controlTokens: [tokens.count - 1]
        )
        var random = Seed(11).makeRandom()
        let pool = Array("the tide turned in the river's mouth\n\n\t\r 0123456789 ÆØÅ 東京 🙂—«»'\"".unicodeScalars)
        for _ in 0..<200 {
            var view = String.UnicodeScalarView()
            for _ in 0..<random.nextInt(below: 40) {
                view.append(
                    random.nextBool(probability: 0.1)
                        ? Unicode.Scalar(UInt8(random.nextInt(below: 128))) : pool[random.nextInt(below: pool.count)])
            }
            let text = String(view)
            let encoded = tokenizer.encode(text, bos: false, eos: true)
            #expect(encoded.last == tokens.count - 1)
            #expect(tokenizer.decodeText(encoded) == text)
        }
    }

    @Test func badVocabulariesAreNamed() throws {
        // Bytes without a token are dropped, as llama.cpp drops them (SmolLM2 lacks a few).
        let partial = try ByteLevelBPETokenizer(tokens: ["a", "b"], merges: [], name: "m.gguf")
        #expect(partial.encode("a\u{4}bc", bos: false, eos: false) == [0, 1])
        let tokens = Self.vocabulary(merges: [])
        do {
            _ = try ByteLevelBPETokenizer(tokens: tokens, merges: ["a b c"], name: "m.gguf")
            Issue.record("a malformed merge was accepted")
        } catch let error as LoomError {
            #expect(error.message == "m.gguf: merge 0 'a b c' is not two tokens of the vocabulary separated by a space")
        } catch { Issue.record("\(error)") }
        do {
            _ = try ByteLevelBPETokenizer(tokens: tokens, merges: ["a b"], name: "m.gguf")
            Issue.record("a merge into a missing token was accepted")
        } catch let error as LoomError {
            #expect(error.message == "m.gguf: merge 0 'a b' makes a token the vocabulary lacks")
        } catch { Issue.record("\(error)") }
    }

    /// A GGUF file with only tokenizer metadata (no tensors), as GGUF v3 lays it out.
    static func metadataFile(_ entries: [(String, Metadata)]) -> [UInt8] {
        var out = Array("GGUF".utf8) + le(UInt32(3)) + le(UInt64(0)) + le(UInt64(entries.count))
        for (key, value) in entries { out += encodeString(key) + value.encoded }
        return out
    }

    enum Metadata {
        case u32(UInt32)
        case bool(Bool)
        case string(String)
        case strings([String])
        case i32s([Int32])

        var encoded: [UInt8] {
            switch self {
            case .u32(let value): le(UInt32(4)) + le(value)
            case .bool(let flag): le(UInt32(7)) + [flag ? 1 : 0]
            case .string(let text): le(UInt32(8)) + encodeString(text)
            case .strings(let texts):
                le(UInt32(9)) + le(UInt32(8)) + le(UInt64(texts.count)) + texts.flatMap(encodeString)
            case .i32s(let values): le(UInt32(9)) + le(UInt32(5)) + le(UInt64(values.count)) + values.flatMap(le)
            }
        }
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
    static func encodeString(_ text: String) -> [UInt8] { le(UInt64(text.utf8.count)) + Array(text.utf8) }

    @Test("a GGUF gpt2 tokenizer loads from metadata and drives a transformer")
    func loadsFromGGUFAndGenerates() throws {
        let merges = ["\u{120} t", "h e", "\u{120}t he", "i d", "\u{120}t id"]
        let tokens = Self.vocabulary(merges: merges)
        let end = tokens.count - 1
        var types = [Int32](repeating: 1, count: tokens.count)
        types[end] = 3
        var entries: [(String, Metadata)] = [
            ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("default")),
            ("tokenizer.ggml.tokens", .strings(tokens)), ("tokenizer.ggml.merges", .strings(merges)),
            ("tokenizer.ggml.token_type", .i32s(types)), ("tokenizer.ggml.bos_token_id", .u32(UInt32(end))),
            ("tokenizer.ggml.eos_token_id", .u32(UInt32(end))), ("tokenizer.ggml.add_bos_token", .bool(true)),
        ]
        let file = try GGUFFile(bytes: Self.metadataFile(entries), name: "bpe.gguf")
        let tokenizer = try #require(try file.textTokenizer() as? ByteLevelBPETokenizer)
        #expect(tokenizer.addsBOS && tokenizer.controlTokens == [end] && tokenizer.preTokenizer == .standard)
        let ids = ["t", "he", "\u{120}tid", "e"].compactMap(tokenizer.tokenID(for:))
        #expect(tokenizer.encode("the tide", bos: true, eos: false) == [end] + ids && ids.count == 4)
        #expect(tokenizer.decode(end, after: nil).isEmpty)

        let config = TransformerConfig(
            dim: 32, hiddenDim: 64, layerCount: 2, headCount: 4, kvHeadCount: 2, vocabularySize: tokens.count,
            sequenceLength: 32)
        let generator = try TransformerGenerator(model: .random(config, seed: Seed(3)), tokenizer: tokenizer)
        let request = TextRequest(prompt: "the tide", seed: Seed(5), maxTokens: 12)
        let first = try generator.generate(request)
        #expect(first.tokenCount > 0)
        #expect(try generator.generate(request).text == first.text)

        entries[1] = ("tokenizer.ggml.pre", .string("qwen9"))
        let unknown = try GGUFFile(bytes: Self.metadataFile(entries), name: "bpe.gguf")
        #expect(throws: LoomError.self) { try unknown.textTokenizer() }
        entries[0] = ("tokenizer.ggml.model", .string("rwkv"))
        do {
            _ = try GGUFFile(bytes: Self.metadataFile(entries), name: "bpe.gguf").textTokenizer()
            Issue.record("an unknown tokenizer model was accepted")
        } catch let error as LoomError {
            #expect(
                error.message
                    == "bpe.gguf: tokenizer model 'rwkv' is not supported; Loom reads 'llama' (SentencePiece) "
                    + "and 'gpt2' (byte-level BPE) tokenizers")
        }
    }
}
