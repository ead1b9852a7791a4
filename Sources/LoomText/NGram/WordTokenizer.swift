/// Splits prose into words and punctuation marks, and into sentences.
///
/// - A word is a run of letters and digits (any non-ASCII letter counts), joined across an
///   apostrophe or hyphen that sits between two word characters (`don't`, `salt-marsh`), and
///   across a point or comma between digits (`3.5`, `1,000`).
/// - Every other mark is its own token, except runs: `...` and `--` stay whole.
/// - Curly quotes, dashes and the ellipsis (U+2013–U+2026) are marks; a `’` between letters
///   is an apostrophe.
/// - A sentence ends after `.`, `!`, `?`, `...` or `…` (with any closing quotes or brackets
///   written right after them), and at a blank line.
///
/// Case is kept, so generated text keeps the corpus's capitals.
public enum WordTokenizer {
    /// The sentences of `text`, each a list of tokens.
    public static func sentences(in text: String) -> [[String]] {
        var result: [[String]] = []
        var current: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            scan(bytes) { start, end in
                current.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            } sentenceEnd: {
                if !current.isEmpty { result.append(current) }
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Scans UTF-8 `bytes`, reporting each token's byte range and each sentence end. The last
    /// sentence is reported as ended only when it closed with sentence-final punctuation.
    @inline(__always)
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, token: (Int, Int) -> Void, sentenceEnd: () -> Void
    ) {
        let count = bytes.count
        var i = 0
        var pendingEnd = false
        var previousEnd = -1
        var newlines = 0
        while i < count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                if byte == 0x0A {
                    newlines += 1
                    if newlines == 2 {
                        pendingEnd = false
                        sentenceEnd()
                    }
                }
                if pendingEnd {
                    pendingEnd = false
                    sentenceEnd()
                }
                i += 1
                continue
            }
            if byte == 0xC2 && i + 1 < count && bytes[i + 1] == 0xA0 {  // no-break space
                i += 2
                continue
            }
            newlines = 0
            let start = i
            var kind = Kind.mark
            if isWordByte(bytes, i, count) {
                kind = .word
                i = wordEnd(bytes, i, count)
            } else if byte == 0x2E || byte == 0x2D {  // runs of '.' or '-'
                while i < count && bytes[i] == byte { i += 1 }
                if byte == 0x2E { kind = .final }
                if byte == 0x2D && i - start > 2 { i = start + 2 }
            } else if byte == 0xE2 && i + 2 < count && bytes[i + 1] == 0x80 {
                let low = bytes[i + 2]
                i += 3
                if low == 0xA6 { kind = .final }
                if low == 0x9D || low == 0x99 { kind = .closing }
            } else {
                i += lengthOfScalar(byte)
                switch byte {
                case 0x21, 0x3F: kind = .final
                case 0x22, 0x27, 0x29, 0x5D: kind = .closing
                default: break
                }
            }
            if i > count { i = count }
            if pendingEnd && !(kind == .closing && start == previousEnd) && kind != .final {
                pendingEnd = false
                sentenceEnd()
            }
            token(start, i)
            previousEnd = i
            if kind == .final { pendingEnd = true }
        }
        if pendingEnd { sentenceEnd() }
    }

    private enum Kind {
        case word, mark, final, closing
    }

    @inline(__always)
    private static func lengthOfScalar(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        if lead >= 0xC0 { return 2 }
        return 1
    }

    /// Whether the scalar at `i` is part of a word: an ASCII letter or digit, or any
    /// non-ASCII scalar outside the General Punctuation marks (U+2000–U+206F).
    @inline(__always)
    private static func isWordByte(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Bool {
        let byte = bytes[i]
        if byte < 0x80 {
            return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }
        if byte == 0xE2 && i + 1 < count && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x81 { return false }
        if byte == 0xC2 && i + 1 < count && bytes[i + 1] < 0xC0 {
            return bytes[i + 1] == 0xB5 || bytes[i + 1] == 0xBA || bytes[i + 1] == 0xAA
        }
        if byte == 0xC3 && i + 1 < count && (bytes[i + 1] == 0x97 || bytes[i + 1] == 0xB7) { return false }
        return byte >= 0xC0
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always)
    private static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int {
        var i = start
        while i < count {
            if isWordByte(bytes, i, count) {
                i += lengthOfScalar(bytes[i])
                continue
            }
            // An apostrophe or hyphen joins two word characters; a point or comma joins digits.
            let joinerLength: Int
            if bytes[i] == 0x27 || bytes[i] == 0x2D {
                joinerLength = 1
            } else if (bytes[i] == 0x2E || bytes[i] == 0x2C) && isDigit(bytes[i - 1]) && i + 1 < count
                && isDigit(bytes[i + 1])
            {
                joinerLength = 1
            } else if bytes[i] == 0xE2 && i + 2 < count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x99 {
                joinerLength = 3
            } else {
                break
            }
            if i + joinerLength < count && isWordByte(bytes, i + joinerLength, count) {
                i += joinerLength
            } else {
                break
            }
        }
        return min(i, count)
    }
}
