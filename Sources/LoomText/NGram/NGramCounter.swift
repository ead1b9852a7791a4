import LoomCore

/// One order's n-grams while counting: a hashed trie level. An n-gram is keyed by its
/// prefix's node id at the order below and its last token.
///
/// Each slot holds the key, the node id and the count side by side (two 64-bit words), so a
/// lookup touches one cache line. Node ids are given in order of first appearance, so the
/// hash function never shows in the result; ``KneserNeyTables`` sorts them into their final
/// order.
struct NGramLevel {
    static let empty = UInt64.max
    /// Slot `s` is `slots[2s]` (the key) and `slots[2s + 1]` (node id << 32 | count).
    var slots: [UInt64]
    var mask: Int
    /// Per node: the prefix node (order below) and the last token.
    var parents: [UInt32] = []
    var words: [UInt32] = []
    /// Per node: how many distinct tokens preceded it (the Kneser-Ney continuation count).
    var continuations: [UInt32] = []

    init(expected: Int) {
        var capacity = 1 << 10
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: Self.empty, count: capacity * 2)
        mask = capacity - 1
    }

    var count: Int { parents.count }

    @inline(__always)
    static func key(_ parent: UInt32, _ word: UInt32) -> UInt64 { UInt64(parent) << 32 | UInt64(word) }

    @inline(__always)
    func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: Seed.mix(key)) & mask }

    /// Raw counts by node id.
    func counts() -> [UInt32] {
        var counts = [UInt32](repeating: 0, count: count)
        for slot in 0...mask where slots[2 * slot] != Self.empty {
            let value = slots[2 * slot + 1]
            counts[Int(value >> 32)] = UInt32(truncatingIfNeeded: value)
        }
        return counts
    }

    mutating func grow() {
        let old = slots
        let capacity = (mask + 1) * 2
        slots = [UInt64](repeating: Self.empty, count: capacity * 2)
        mask = capacity - 1
        slots.withUnsafeMutableBufferPointer { table in
            for slot in 0..<(old.count / 2) where old[2 * slot] != Self.empty {
                var target = Int(truncatingIfNeeded: Seed.mix(old[2 * slot])) & mask
                while table[2 * target] != Self.empty { target = (target + 1) & mask }
                table[2 * target] = old[2 * slot]
                table[2 * target + 1] = old[2 * slot + 1]
            }
        }
    }
}

/// Counts n-grams of orders 1…N over sentences of token ids, with the continuation counts
/// that Kneser-Ney smoothing needs.
///
/// Tokens are gathered first; ``count(vocabularySize:)`` then makes one pass per order. Within
/// a pass every key is known in advance (the prefix is the previous pass's node at the
/// previous position), so a block of slots is touched before it is used and the memory
/// latency of the large tables overlaps instead of adding up.
struct NGramCounter {
    static let none = UInt32.max
    let order: Int
    /// Every token in order, with `<s>` before each sentence.
    var tokens: [UInt32] = []
    var tokenCount = 0
    var sentenceCount = 0
    /// Filled by ``count()``.
    var unigramCounts: [UInt32] = []
    var unigramContinuations: [UInt32] = []
    /// Levels for orders 2…N (index 0 is order 2), filled by ``count()``.
    var levels: [NGramLevel] = []
    /// Raw counts per level, filled by ``count()``.
    var levelCounts: [[UInt32]] = []

    init(order: Int) { self.order = order }

    mutating func startSentence() {
        tokens.append(Vocabulary.sentenceStart)
        sentenceCount += 1
    }

    /// Adds `token`, which follows the tokens added since the last ``startSentence()``.
    @inline(__always)
    mutating func add(_ token: UInt32) {
        tokens.append(token)
        tokenCount += 1
    }

    /// Counts every sentence of `text` (tokenized by ``WordTokenizer``), interning tokens.
    mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>, interner: inout TokenInterner) {
        var open = false
        tokens.reserveCapacity(tokens.count + bytes.count / 4)
        WordTokenizer.scan(bytes) { start, end in
            if !open {
                startSentence()
                open = true
            }
            add(interner.intern(UnsafeBufferPointer(rebasing: bytes[start..<end])))
        } sentenceEnd: {
            if open {
                add(Vocabulary.sentenceEnd)
                open = false
            }
        }
        if open { add(Vocabulary.sentenceEnd) }
    }

    /// Counts every order over the gathered tokens.
    mutating func count(vocabularySize: Int) {
        unigramCounts = [UInt32](repeating: 0, count: vocabularySize)
        unigramContinuations = [UInt32](repeating: 0, count: vocabularySize)
        for token in tokens where token != Vocabulary.sentenceStart { unigramCounts[Int(token)] &+= 1 }
        levels = []
        levelCounts = []
        var previous = tokens  // node ids of the (n-1)-grams ending at each position
        for n in 2...order {
            var level = NGramLevel(expected: max(1024, tokens.count / 4))
            var current = [UInt32](repeating: Self.none, count: tokens.count)
            var suffixContinuations = n == 2 ? unigramContinuations : levels[n - 3].continuations
            countPass(
                level: &level, previous: previous, current: &current, suffixContinuations: &suffixContinuations,
                bosIsContext: n == 2)
            if n == 2 {
                unigramContinuations = suffixContinuations
            } else {
                levels[n - 3].continuations = suffixContinuations
            }
            levelCounts.append(level.counts())
            levels.append(level)
            previous = current
        }
    }

    private func countPass(
        level: inout NGramLevel, previous: [UInt32], current: inout [UInt32], suffixContinuations: inout [UInt32],
        bosIsContext: Bool
    ) {
        let block = 32
        let total = tokens.count
        var sink: UInt64 = 0
        var targets = [Int](repeating: 0, count: block)
        tokens.withUnsafeBufferPointer { tokens in
            previous.withUnsafeBufferPointer { previous in
                current.withUnsafeMutableBufferPointer { current in
                    targets.withUnsafeMutableBufferPointer { targets in
                        var start = 1
                        while start < total {
                            let end = min(start + block, total)
                            // Touch the block's slots first: with the indices computed up front the
                            // loads are independent, so their cache misses overlap.
                            var touches = 0
                            for i in start..<end where previous[i - 1] != Self.none {
                                targets[touches] = 2 * level.slot(of: NGramLevel.key(previous[i - 1], tokens[i]))
                                touches += 1
                            }
                            level.slots.withUnsafeBufferPointer { slots in
                                var touched: UInt64 = 0
                                for k in 0..<touches { touched ^= slots[targets[k]] }
                                sink ^= touched
                            }
                            for i in start..<end {
                                let word = tokens[i]
                                let parent = previous[i - 1]
                                if word == Vocabulary.sentenceStart || parent == Self.none { continue }
                                current[i] = Self.node(
                                    level: &level, parent: parent, word: word, suffix: previous[i],
                                    suffixContinuations: &suffixContinuations)
                            }
                            start = end
                        }
                    }
                }
            }
        }
        if sink == 1 { print("", terminator: "") }  // keeps the touching loads alive
    }

    /// Finds or adds the node (parent, word), counting one occurrence; a new node adds one
    /// continuation to its suffix, the (n-1)-gram ending at the same token.
    @inline(__always)
    private static func node(
        level: inout NGramLevel, parent: UInt32, word: UInt32, suffix: UInt32, suffixContinuations: inout [UInt32]
    ) -> UInt32 {
        let key = NGramLevel.key(parent, word)
        var slot = level.slot(of: key)
        while true {
            let stored = level.slots[2 * slot]
            if stored == key {
                level.slots[2 * slot + 1] &+= 1
                return UInt32(truncatingIfNeeded: level.slots[2 * slot + 1] >> 32)
            }
            if stored == NGramLevel.empty {
                let id = UInt32(level.count)
                level.slots[2 * slot] = key
                level.slots[2 * slot + 1] = UInt64(id) << 32 | 1
                level.parents.append(parent)
                level.words.append(word)
                level.continuations.append(0)
                suffixContinuations[Int(suffix)] &+= 1
                if level.count * 2 > level.mask { level.grow() }
                return id
            }
            slot = (slot + 1) & level.mask
        }
    }
}
