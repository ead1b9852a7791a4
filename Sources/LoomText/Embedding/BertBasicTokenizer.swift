import Foundation

/// BERT's basic tokenizer: the normalisation and splitting that happen before WordPiece.
///
/// In the order BERT (and Hugging Face's `BertNormalizer` and `BertPreTokenizer`) apply them:
/// 1. clean: drop U+0000, U+FFFD and control characters (general category C*, except tab,
///    newline and carriage return); turn every white-space character into a space;
/// 2. put spaces around CJK ideographs, so each becomes a word of its own;
/// 3. strip accents: canonical decomposition (NFD), then drop non-spacing marks (Mn);
/// 4. lower-case, one Unicode scalar at a time;
/// 5. split on white space, and split off every punctuation character (Unicode categories P*
///    and the ASCII symbols ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``) as a word of its own.
///
/// Everything works on Unicode scalars, never on Swift's grapheme clusters, so a combining
/// mark or an emoji sequence splits exactly as the reference splits it.
struct BertBasicTokenizer: Sendable {
    /// Lower-case and strip accents (the uncased models). Default: true.
    var lowercases = true

    /// The words of `text`, each a list of Unicode scalars.
    func words(_ text: String) -> [[Unicode.Scalar]] {
        asciiWords(text) ?? unicodeWords(text)
    }

    /// The words of any `text`, by the steps above on Unicode's tables.
    func unicodeWords(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if Self.isCJK(value) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var scalars = Array(cleaned)
        if lowercases {
            let decomposed = String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
            scalars = []
            scalars.reserveCapacity(decomposed.count)
            for scalar in decomposed where scalar.properties.generalCategory != .nonspacingMark {
                if scalar.isASCII {
                    let value = scalar.value
                    scalars.append(value >= 65 && value <= 90 ? Unicode.Scalar(value + 32)! : scalar)
                } else {
                    scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
        }
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if Self.isWhitespace(scalar) {
                if !current.isEmpty { words.append(current) }
                current = []
            } else if Self.isPunctuation(scalar) {
                if !current.isEmpty { words.append(current) }
                words.append([scalar])
                current = []
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The words of an all-ASCII `text` by the same steps, without Unicode tables (`nil` when
    /// `text` has a scalar beyond ASCII): in ASCII, cleaning drops the controls 0–31 and 127
    /// other than tab, newline and carriage return (so vertical tab and form feed go too),
    /// white space is then those three and the space, no letter decomposes or carries a mark,
    /// and lower-casing maps A–Z alone.
    func asciiWords(_ text: String) -> [[Unicode.Scalar]]? {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for byte in text.utf8 {
            guard byte < 128 else { return nil }
            if byte == 9 || byte == 10 || byte == 13 || byte == 32 {
                if !current.isEmpty { words.append(current) }
                current = []
            } else if byte < 32 || byte == 127 {
                continue
            } else if Self.isPunctuation(Unicode.Scalar(byte)) {
                if !current.isEmpty { words.append(current) }
                words.append([Unicode.Scalar(byte)])
                current = []
            } else {
                let lower = lowercases && byte >= 65 && byte <= 90 ? byte + 32 : byte
                current.append(Unicode.Scalar(lower))
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Tab, newline and carriage return count as white space, not as control characters.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 9, 10, 13: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// The Unicode White_Space property (what the reference's `char::is_whitespace` tests).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// ASCII punctuation and symbols (33–47, 58–64, 91–96, 123–126), and Unicode categories P*.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
            || (123...126).contains(value)
        {
            return true
        }
        if value < 128 { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT splits into single characters (not Hangul, kana
    /// or other scripts written without spaces).
    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0x2A700...0x2B73F).contains(value)
            || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }
}
