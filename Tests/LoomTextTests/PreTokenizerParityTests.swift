import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The word splits of the rules no shipped model uses (Qwen 2, Llama 3, GPT-2) against the
/// Python `regex` package running each rule's original expression, on 1,200 random and tricky
/// strings (`Scripts/tokenizer-fixtures splits` wrote the fixture).
@Suite struct PreTokenizerParityTests {
    struct Case: Decodable {
        var text: String
        var gpt2: [Int]
        var llama3: [Int]
        var qwen2: [Int]
    }

    struct Fixture: Decodable {
        var cases: [Case]
    }

    static let fixture: Fixture? = {
        guard let data = FileManager.default.contents(atPath: Fixtures.path("tokenizer/pretokenizer-splits.json"))
        else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    /// Each word's length in scalars.
    static func lengths(_ rule: ByteLevelBPETokenizer.PreTokenizer, _ text: String) -> [Int] {
        rule.words(in: Array(text.unicodeScalars)).map(\.count)
    }

    @Test(
        "word splits equal the Python regex package's on every fixture string",
        arguments: [ByteLevelBPETokenizer.PreTokenizer.gpt2, .llama3, .qwen2])
    func splitsMatchRegex(rule: ByteLevelBPETokenizer.PreTokenizer) throws {
        let fixture = try #require(Self.fixture, "Fixtures/tokenizer/pretokenizer-splits.json is missing")
        #expect(fixture.cases.count >= 1000)
        var mismatches: [String] = []
        for item in fixture.cases {
            let expected =
                switch rule {
                case .gpt2: item.gpt2
                case .llama3: item.llama3
                default: item.qwen2
                }
            if Self.lengths(rule, item.text) != expected { mismatches.append(item.text.debugDescription) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(5))")
    }

    @Test("SmolLM and the default rule cut digits out before GPT-2's rule")
    func digitCuts() {
        func words(_ rule: ByteLevelBPETokenizer.PreTokenizer, _ text: String) -> [String] {
            let scalars = Array(text.unicodeScalars)
            return rule.words(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        #expect(words(.smollm, "abc 123  def") == ["abc", " ", "1", "2", "3", " ", " def"])
        #expect(words(.smollm, "x²") == ["x", "²"])
        #expect(words(.standard, "a+b==12345, ok") == ["a", "+", "b", "==", "123", "45", ",", " ok"])
        #expect(words(.qwen2, "in 2024!\n\n") == ["in", " ", "2", "0", "2", "4", "!\n\n"])
        #expect(words(.llama3, "in 2024!\n\n") == ["in", " ", "202", "4", "!\n\n"])
    }

    @Test("GGUF names map to llama.cpp's rules; an unknown one is refused by name")
    func ggufNames() {
        #expect(ByteLevelBPETokenizer.PreTokenizer(ggufName: "smollm") == .smollm)
        #expect(ByteLevelBPETokenizer.PreTokenizer(ggufName: "qwen2") == .qwen2)
        #expect(ByteLevelBPETokenizer.PreTokenizer(ggufName: "llama-bpe") == .llama3)
        #expect(ByteLevelBPETokenizer.PreTokenizer(ggufName: "default") == .standard)
        #expect(ByteLevelBPETokenizer.PreTokenizer(ggufName: "gpt-2") == .gpt2)
        #expect(ByteLevelBPETokenizer.PreTokenizer(ggufName: "tekken") == nil)
    }
}
