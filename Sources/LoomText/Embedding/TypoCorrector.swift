/// Corrects the spelling of typed player text before a sentence model reads it: every word the
/// model's vocabulary lacks (usually a typo: "decend", "spek the prayr") becomes the closest
/// word it has, by edit distance, preferring the words of the texts it will be compared with
/// (the options on screen and their hints).
///
/// Only words of three or more ASCII letters are considered, and only when neither the
/// vocabulary nor the context holds them. A candidate's cost is its optimal-string-alignment
/// distance (insertions, deletions, substitutions and swaps of neighbours), one less for a word
/// of the context; words of up to four letters take candidates costing at most 1, longer words
/// at most 2. The cheapest candidate wins; among equals a context word, then the vocabulary's
/// more frequent word (BERT vocabularies list words by frequency), so the result is
/// deterministic. A word with no candidate stays as typed.
///
/// ```swift
/// let corrector = TypoCorrector(tokenizer: embedder.tokenizer)
/// let corrected = corrector.correct("spek the prayr", context: ["Speak the prayer"])  // "speak the prayer"
/// ```
public struct TypoCorrector: Sendable {
    /// Whole words of the vocabulary (lower-case ASCII letters), by length, most frequent first,
    /// each with its rank (its id).
    private let wordsByLength: [[(word: [UInt8], rank: Int)]]
    /// The same words, for membership.
    private let known: Set<[UInt8]>

    /// The whole words of `tokenizer`'s vocabulary (continuation pieces and special tokens
    /// are left out), in id order.
    public init(tokenizer: WordPieceTokenizer) {
        var byLength: [[(word: [UInt8], rank: Int)]] = Array(repeating: [], count: 32)
        var known = Set<[UInt8]>()
        for (id, piece) in tokenizer.pieces.enumerated() {
            let bytes = Array(piece.utf8)
            guard bytes.count >= 2, bytes.count < 32, bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { continue }
            if known.insert(bytes).inserted { byLength[bytes.count].append((bytes, id)) }
        }
        self.wordsByLength = byLength
        self.known = known
    }

    /// `text` with each unknown word replaced by its closest known word (lower-case); spacing,
    /// punctuation and known words stay as typed.
    public func correct(_ text: String, context: [String] = []) -> String {
        var contextWords = Set<[UInt8]>()
        for line in context {
            for word in Self.words(Array(line.utf8)) { contextWords.insert(word.map(Self.lower)) }
        }
        var bytes = Array(text.utf8)
        var changed = false
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard Self.isLetter(bytes[index]) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var end = index
            while end < bytes.count && Self.isLetter(bytes[end]) { end += 1 }
            // A run of letters glued to other non-space bytes (a non-ASCII letter, a digit) is
            // not a plain word: keep it.
            let glued =
                (index > 0 && bytes[index - 1] >= 128)
                || (end < bytes.count && (bytes[end] >= 128 || Self.isDigit(bytes[end])))
            let word = bytes[index..<end].map(Self.lower)
            if !glued, word.count >= 3, !known.contains(word), !contextWords.contains(word),
                let replacement = closest(to: word, context: contextWords)
            {
                output += replacement
                changed = true
            } else {
                output += bytes[index..<end]
            }
            index = end
        }
        bytes = output
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// The cheapest known or context word for `word`, or `nil` when none is close enough.
    func closest(to word: [UInt8], context: Set<[UInt8]>) -> [UInt8]? {
        let limit = word.count <= 4 ? 1 : 2
        // Ordered by cost, then context words before vocabulary words, then rank (context words
        // by their sorted position, vocabulary words by id).
        var best: (cost: Int, kind: Int, rank: Int, word: [UInt8])?
        var rows: [Int] = []
        func consider(_ candidate: [UInt8], inContext: Bool, rank: Int) {
            let bonus = inContext ? 1 : 0
            let distance = Self.distance(word, candidate, limit: limit + bonus, rows: &rows)
            let cost = distance - bonus
            guard cost <= limit else { return }
            let key = (cost, 1 - bonus, rank)
            if let current = best, (current.cost, current.kind, current.rank) <= key { return }
            best = (key.0, key.1, key.2, candidate)
        }
        for (rank, candidate) in context.sorted(by: { $0.lexicographicallyPrecedes($1) }).enumerated() {
            consider(candidate, inContext: true, rank: rank)
        }
        for length in Swift.max(2, word.count - limit)...Swift.min(31, word.count + limit) {
            for (candidate, rank) in wordsByLength[length] { consider(candidate, inContext: false, rank: rank) }
        }
        return best?.word
    }

    /// The optimal-string-alignment distance of `a` and `b`, or `limit + 1` once it must exceed
    /// `limit`. `rows` is working memory, reused between calls.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int, rows: inout [Int]) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
        let width = b.count + 1
        if rows.count < 3 * width { rows = [Int](repeating: 0, count: 3 * width) }
        // Three rows of the table: two back, the previous one, the current one.
        var (back, previous, current) = (0, width, 2 * width)
        for j in 0...b.count { rows[previous + j] = j }
        for i in 1...a.count {
            rows[current] = i
            var rowMinimum = i
            for j in 1...b.count {
                let substitution = rows[previous + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                var value = Swift.min(substitution, rows[previous + j] + 1, rows[current + j - 1] + 1)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = Swift.min(value, rows[back + j - 2] + 1)
                }
                rows[current + j] = value
                rowMinimum = Swift.min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (back, previous, current) = (previous, current, back)
        }
        return rows[previous + b.count]
    }

    /// The ASCII-letter words of `bytes`.
    static func words(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(whereSeparator: { !isLetter($0) })
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func lower(_ byte: UInt8) -> UInt8 { byte | 0x20 }
}
