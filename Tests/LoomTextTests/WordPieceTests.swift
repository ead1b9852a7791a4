import LoomCore
import Testing

@testable import LoomText

@Suite("WordPiece and BERT's basic tokenizer")
struct WordPieceTests {
    /// A tiny vocabulary: ids are positions.
    static let pieces = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "light", "the", "lamp", "##s", "un", "##aff", "##able", "!", ",",
        "cafe", "東", "京", "$", "a", "##a", "?", "naive",
    ]

    func tokenizer() throws -> WordPieceTokenizer { try WordPieceTokenizer(pieces: Self.pieces) }

    @Test(
        "text splits into the expected pieces",
        arguments: [
            ("Light the lamps!", [4, 5, 6, 7, 11]),
            ("unaffable", [8, 9, 10]),
            ("Café, naïve", [13, 12, 20]),
            ("東京", [14, 15]),
            ("$lamp?", [16, 6, 19]),
            ("  light\t\nthe\u{0007}lamp ", [4, 1]),  // the control character is dropped, not a space
            ("unknownword light", [1, 4]),
            ("", []),
        ])
    func pieces(text: String, expected: [Int]) throws {
        #expect(try tokenizer().tokenize(text) == expected)
    }

    @Test("ASCII text takes a path without Unicode tables that splits it exactly as the general one")
    func asciiPath() {
        let every = String(String.UnicodeScalarView((0..<128).map { Unicode.Scalar(UInt8($0)) }))
        let texts = [
            every, "Light THE lamp, then WAIT!", "  a\tb\u{0B}c\u{0C}d\re\u{1F}f\u{7F}g  ", "can't-stop_now (ok?)",
            "",
        ]
        for lowercases in [true, false] {
            let basic = BertBasicTokenizer(lowercases: lowercases)
            for text in texts {
                let fast = basic.asciiWords(text)
                #expect(fast != nil)
                #expect(fast == basic.unicodeWords(text), "\(text.debugDescription)")
            }
            #expect(basic.asciiWords("café") == nil)
        }
    }

    @Test("longest match first, and a word over 100 characters is [UNK]")
    func longWords() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.tokenize(String(repeating: "a", count: 100)) == [17] + Array(repeating: 18, count: 99))
        #expect(tokenizer.tokenize(String(repeating: "a", count: 101)) == [1])
    }

    @Test("encode adds [CLS] and [SEP] and truncates to the length")
    func encodeTruncates() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.encode("light the lamp", maxLength: 4) == [2, 4, 5, 3])
        #expect(tokenizer.encode("", maxLength: 4) == [2, 3])
    }

    @Test("a vocabulary without [CLS] is rejected with its name")
    func missingSpecial() {
        let error = #expect(throws: LoomError.self) {
            try WordPieceTokenizer(pieces: ["[PAD]", "[UNK]", "[SEP]"], source: "vocab.txt")
        }
        #expect(error?.description == "vocab.txt: error: vocab.txt has no [CLS] piece, which a BERT vocabulary needs")
    }
}
