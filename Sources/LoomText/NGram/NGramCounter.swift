import LoomCore

/// One order's n-grams while counting: a hashed trie level. An n-gram is keyed by its
/// prefix's node id at the order below and its last token, so extending the n-gram that
/// ended at the previous token costs one probe.
///
/// Node ids are given in order of first appearance, so the hash function never shows in the
/// result; ``NGramCounter/finish()`` sorts them into their final order.
struct NGramLevel {
    var keys: [UInt64]
    var slots: [Int32]
    var mask: Int
    /// Per node: the prefix node (order below) and the last token.
    var parents: [UInt32] = []
    var words: [UInt32] = []
    /// Per node: how often the n-gram occurred.
    var counts: [UInt32] = []
    /// Per node: how many distinct tokens preceded it (the Kneser-Ney continuation count).
    var continuations: [UInt32] = []

    init(capacity: Int = 1 << 14) {
        keys = [UInt64](repeating: 0, count: capacity)
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    var count: Int { parents.count }

    /// The node for (parent, word), and whether it is new.
    @inline(__always)
    mutating func node(parent: UInt32, word: UInt32) -> (id: Int, isNew: Bool) {
        let key = UInt64(parent) << 32 | UInt64(word)
        var slot = Int(truncatingIfNeeded: Seed.mix(key)) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if keys[slot] == key { return (Int(id), false) }
            slot = (slot + 1) & mask
        }
        let id = parents.count
        keys[slot] = key
        slots[slot] = Int32(id)
        parents.append(parent)
        words.append(word)
        counts.append(0)
        continuations.append(0)
        if id * 2 >= mask { grow() }
        return (id, true)
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        keys = [UInt64](repeating: 0, count: capacity)
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<parents.count {
            let key = UInt64(parents[id]) << 32 | UInt64(words[id])
            var slot = Int(truncatingIfNeeded: Seed.mix(key)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            slots[slot] = Int32(id)
        }
    }
}

/// Counts n-grams of orders 1…N over sentences of token ids, with the continuation counts
/// that Kneser-Ney smoothing needs, in one pass.
struct NGramCounter {
    let order: Int
    /// Order-1 counts and continuation counts, indexed by token id.
    var unigramCounts: [UInt32] = []
    var unigramContinuations: [UInt32] = []
    /// Levels for orders 2…N (index 0 is order 2).
    var levels: [NGramLevel]
    var tokenCount = 0
    var sentenceCount = 0
    /// Node ids of the n-grams ending at the previous token, by order (index 1 = unigram).
    private var previous: [Int32]
    private var current: [Int32]
    private var length = 0

    init(order: Int) {
        self.order = order
        levels = (2...order).map { _ in NGramLevel() }
        previous = [Int32](repeating: -1, count: order + 1)
        current = [Int32](repeating: -1, count: order + 1)
    }

    mutating func startSentence() {
        previous[1] = Int32(Vocabulary.sentenceStart)
        length = 1
        sentenceCount += 1
        grow(to: Int(Vocabulary.sentenceStart))
    }

    @inline(__always)
    private mutating func grow(to id: Int) {
        if id >= unigramCounts.count {
            let newCount = max(id + 1, unigramCounts.count * 2, 64)
            unigramCounts += [UInt32](repeating: 0, count: newCount - unigramCounts.count)
            unigramContinuations += [UInt32](repeating: 0, count: newCount - unigramContinuations.count)
        }
    }

    /// Adds `token`, which follows the tokens added since the last ``startSentence()``.
    @inline(__always)
    mutating func add(_ token: UInt32) {
        grow(to: Int(token))
        tokenCount += 1
        unigramCounts[Int(token)] &+= 1
        current[1] = Int32(token)
        let top = min(order, length + 1)
        var n = 2
        while n <= top {
            let (id, isNew) = levels[n - 2].node(parent: UInt32(previous[n - 1]), word: token)
            levels[n - 2].counts[id] &+= 1
            if isNew {
                // The new n-gram's suffix is the (n-1)-gram ending here, found one step ago.
                let suffix = Int(current[n - 1])
                if n == 2 {
                    unigramContinuations[suffix] &+= 1
                } else {
                    levels[n - 3].continuations[suffix] &+= 1
                }
            }
            current[n] = Int32(id)
            n += 1
        }
        swap(&previous, &current)
        length = min(length + 1, order - 1)
    }

    /// Counts every sentence of `text` (tokenized by ``WordTokenizer``), interning tokens.
    mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>, interner: inout TokenInterner) {
        var open = false
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
}
