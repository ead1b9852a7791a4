import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("Spelling correction of typed text")
struct TypoCorrectorTests {
    /// A vocabulary in frequency order, as BERT's lists its words.
    static let corrector = TypoCorrector(
        tokenizer: try! WordPieceTokenizer(
            pieces: [
                "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "was", "what", "in", "speak", "prayer", "descend", "door",
                "vault", "spec", "seek", "lamp", "light", "##s", "ferry", "##man", "wants",
            ]))

    @Test(
        "unknown words become the closest word, context words first",
        arguments: [
            ("spek the prayr", ["Speak the prayer"], "speak the prayer"),
            ("decend now", ["Descend at once"], "descend now"),
            ("wats in teh vault?", ["Ask about the vault", "what is down there"], "what in the vault?"),
            ("Open teh DOOR!", [], "Open the DOOR!"),
        ])
    func corrects(typed: String, context: [String], expected: String) {
        #expect(Self.corrector.correct(typed, context: context) == expected)
    }

    @Test("known words, context words, short words and words far from everything stay as typed")
    func keeps() {
        #expect(Self.corrector.correct("the vault was in", context: []) == "the vault was in")
        #expect(Self.corrector.correct("hail Neta", context: ["Go with Neta"]) == "hail Neta")
        #expect(Self.corrector.correct("xq zz", context: []) == "xq zz")
        #expect(Self.corrector.correct("xylophone", context: []) == "xylophone")
        #expect(Self.corrector.correct("caf\u{e9}s 3rd lampx", context: []) == "caf\u{e9}s 3rd lamp")
    }

    @Test("without a context word the more frequent vocabulary word wins a tie")
    func frequencyBreaksTies() {
        // "spek" is one edit from "speak", "spec" and "seek"; "speak" comes first in the vocabulary.
        #expect(Self.corrector.correct("spek", context: []) == "speak")
        // "wats" is one edit from "was" and "wants" and two from "what"; the context word costs one less.
        #expect(Self.corrector.correct("wats", context: []) == "was")
        #expect(Self.corrector.correct("wats", context: ["what now"]) == "what")
    }

    @Test("edit distance counts a swap of neighbours as one edit and stops past the limit")
    func distance() {
        var rows: [Int] = []
        #expect(TypoCorrector.distance(Array("teh".utf8), Array("the".utf8), limit: 2, rows: &rows) == 1)
        #expect(TypoCorrector.distance(Array("prayr".utf8), Array("prayer".utf8), limit: 2, rows: &rows) == 1)
        #expect(TypoCorrector.distance(Array("kitten".utf8), Array("sitting".utf8), limit: 3, rows: &rows) == 3)
        #expect(TypoCorrector.distance(Array("kitten".utf8), Array("sitting".utf8), limit: 1, rows: &rows) == 2)
    }
}
