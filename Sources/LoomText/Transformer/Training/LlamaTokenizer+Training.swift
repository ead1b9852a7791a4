import LoomCore

extension LlamaTokenizer {
    /// The byte-level vocabulary: `<unk>`, `<s>`, `</s>` and the 256 byte tokens `<0x00>`…`<0xFF>`
    /// (259 tokens). Every text encodes to its UTF-8 bytes.
    public static func bytes() -> LlamaTokenizer {
        let (pieces, scores) = baseVocabulary()
        // The base vocabulary always has its 259 distinct pieces, which init accepts.
        return try! LlamaTokenizer(pieces: pieces, scores: scores)
    }

    /// `<unk>`, `<s>`, `</s>`, then the byte tokens, all scored 0 (they never result from a merge).
    static func baseVocabulary() -> (pieces: [[UInt8]], scores: [Float]) {
        let digits = Array("0123456789ABCDEF".utf8)
        var pieces: [[UInt8]] = [Array("<unk>".utf8), Array("<s>".utf8), Array("</s>".utf8)]
        for byte in 0..<256 {
            pieces.append(Array("<0x".utf8) + [digits[byte >> 4], digits[byte & 15]] + Array(">".utf8))
        }
        return (pieces, [Float](repeating: 0, count: pieces.count))
    }

    /// Learns a SentencePiece-style BPE vocabulary of `vocabularySize` tokens from `texts`.
    ///
    /// The vocabulary is `<unk>`, `<s>`, `</s>`, the 256 byte tokens, the space piece (written
    /// `▁` in GGUF files), the corpus's characters by falling frequency (those seen at least
    /// twice that together cover 99.95% of the text, as SentencePiece's default character
    /// coverage; rarer ones fall back to byte tokens), then merges of
    /// adjacent pieces, most frequent pair first (ties to the pair of lower token ids). As in
    /// SentencePiece, each text gets a leading space and a space starts a word; merges never
    /// cross a word. Merge `k` scores `-k`, so merging by score — what ``encode(_:bos:eos:)``
    /// and llama.cpp do — applies them in the order they were learned.
    ///
    /// Learning stops early when no pair occurs twice. Throws `.invalidArgument` when
    /// `vocabularySize` is below 259 or above 65536.
    public static func train(texts: [String], vocabularySize: Int) throws -> LlamaTokenizer {
        try trainWithWords(texts: texts, vocabularySize: vocabularySize).tokenizer
    }

    /// ``train(texts:vocabularySize:)``, also returning the corpus's words as the training
    /// spelt them after the last merge (for tests that check encoding agrees).
    static func trainWithWords(
        texts: [String], vocabularySize: Int
    ) throws -> (tokenizer: LlamaTokenizer, words: BPEWords) {
        guard (259...65536).contains(vocabularySize) else {
            throw LoomError(
                .invalidArgument, "a trained vocabulary needs 259 to 65536 tokens (got \(vocabularySize))")
        }
        var (pieces, scores) = baseVocabulary()
        var words = BPEWords(texts: texts)
        guard vocabularySize > pieces.count else { return (try LlamaTokenizer(pieces: pieces, scores: scores), words) }
        var lookup: [[UInt8]: Int] = [:]
        for (id, piece) in pieces.enumerated() { lookup[piece] = id }
        // Characters become pieces by frequency; the space always does, so the dummy prefix works.
        let budget = vocabularySize - pieces.count
        let counts = words.characterCounts()
        let sorted = counts.filter { $0.key == " " || ($0.value >= 2 && lookup[Array(String($0.key).utf8)] == nil) }
            .sorted {
                ($0.key == " " ? 1 : 0, $0.value, $1.key.value) > ($1.key == " " ? 1 : 0, $1.value, $0.key.value)
            }
        // SentencePiece's character coverage: the commonest characters that make up 99.95% of
        // the text become pieces; the rare tail is spelt with byte tokens.
        let total = counts.values.reduce(0, +)
        var covered = 0
        var characters: [(key: Unicode.Scalar, value: Int)] = []
        for entry in sorted where characters.count < budget {
            if characters.count > 0 && Double(covered) >= 0.9995 * Double(total) { break }
            characters.append(entry)
            covered += entry.value
        }
        for (character, _) in characters {
            lookup[Array(String(character).utf8)] = pieces.count
            pieces.append(Array(String(character).utf8))
        }
        let characterIDs = Dictionary(
            uniqueKeysWithValues: characters.map { ($0.key, lookup[Array(String($0.key).utf8)]!) })
        words.assignSymbols(characterIDs: characterIDs)
        var merges: [Int] = []
        var forbidden: Set<UInt64> = []
        while pieces.count < vocabularySize {
            guard let (left, right) = words.mostFrequentPair(excluding: forbidden, mergeable: { $0 >= 259 }) else {
                break
            }
            let joined = pieces[left] + pieces[right]
            if lookup[joined] != nil {
                // Joining would recreate an existing piece (a control or byte token, spelt out):
                // never learn it, or encoding such text would yield that token.
                forbidden.insert(BPEWords.key(left, right))
                continue
            }
            let id = pieces.count
            pieces.append(joined)
            lookup[joined] = id
            merges.append(id)
            words.merge(left, right, into: id)
        }
        // Characters score below every merge; merges score by the order they were learned.
        scores = [Float](repeating: 0, count: pieces.count)
        for (rank, id) in merges.enumerated() { scores[id] = -Float(rank) }
        for id in 259..<(259 + characters.count) { scores[id] = -Float(merges.count + id - 259) }
        return (try LlamaTokenizer(pieces: pieces, scores: scores), words)
    }
}

/// The corpus as unique words with counts, each a list of symbols (token ids), for BPE training.
struct BPEWords {
    private var counts: [String: Int] = [:]
    /// Each unique word's symbols (token ids), in the order of ``texts``.
    private(set) var words: [[Int]] = []
    private var weights: [Int] = []
    /// The unique words, sorted by their UTF-8 bytes.
    private(set) var texts: [String] = []

    /// Splits each text as encoding will see it: a leading space, then words that start at a
    /// space; other whitespace (newlines, tabs) stands alone.
    init(texts corpus: [String]) {
        for text in corpus where !text.isEmpty {
            var word = ""
            func flush() {
                if !word.isEmpty { counts[word, default: 0] += 1 }
                word = ""
            }
            word = " "
            for scalar in text.unicodeScalars {
                if scalar == " " {
                    flush()
                    word = " "
                } else if scalar.properties.isWhitespace {
                    flush()
                    word = String(scalar)
                    flush()
                } else {
                    word.unicodeScalars.append(scalar)
                }
            }
            flush()
        }
        // Sorted, so that everything below runs in the same order in every process.
        let sorted = counts.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        texts = sorted.map(\.key)
        weights = sorted.map(\.value)
    }

    /// How often each character occurs, counting every occurrence of every word.
    func characterCounts() -> [Unicode.Scalar: Int] {
        var result: [Unicode.Scalar: Int] = [:]
        for (text, weight) in zip(texts, weights) {
            for scalar in text.unicodeScalars where scalar != "\u{2581}" { result[scalar, default: 0] += weight }
        }
        return result
    }

    /// Spells each word with its characters' ids, or their byte tokens (3 + byte) when the
    /// character has no piece.
    mutating func assignSymbols(characterIDs: [Unicode.Scalar: Int]) {
        words = texts.map { text in
            text.unicodeScalars.flatMap { scalar -> [Int] in
                if let id = characterIDs[scalar] { return [id] }
                return String(scalar).utf8.map { 3 + Int($0) }
            }
        }
    }

    static func key(_ left: Int, _ right: Int) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    /// The adjacent pair occurring most often (weighted by word counts), at least twice;
    /// ties go to the lower (left, right) ids.
    func mostFrequentPair(excluding forbidden: Set<UInt64>, mergeable: (Int) -> Bool) -> (Int, Int)? {
        var pairCounts: [UInt64: Int] = [:]
        for (symbols, weight) in zip(words, weights) where symbols.count > 1 {
            for i in 0..<(symbols.count - 1) where mergeable(symbols[i]) && mergeable(symbols[i + 1]) {
                pairCounts[Self.key(symbols[i], symbols[i + 1]), default: 0] += weight
            }
        }
        var best: (key: UInt64, count: Int)?
        for (key, count) in pairCounts where count >= 2 && !forbidden.contains(key) {
            if let current = best, count < current.count || (count == current.count && key > current.key) { continue }
            best = (key, count)
        }
        guard let best else { return nil }
        return (Int(best.key >> 32), Int(best.key & 0xFFFF_FFFF))
    }

    /// Replaces every occurrence of (left, right), scanning each word from the left.
    mutating func merge(_ left: Int, _ right: Int, into id: Int) {
        for index in words.indices where words[index].count > 1 {
            var symbols = words[index]
            var output: [Int] = []
            output.reserveCapacity(symbols.count)
            var i = 0
            var changed = false
            while i < symbols.count {
                if i + 1 < symbols.count && symbols[i] == left && symbols[i + 1] == right {
                    output.append(id)
                    i += 2
                    changed = true
                } else {
                    output.append(symbols[i])
                    i += 1
                }
            }
            if changed {
                symbols = output
                words[index] = symbols
            }
        }
    }
}
