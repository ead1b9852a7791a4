import LoomCore

/// The stored part of an interpolated modified Kneser-Ney model: adjusted counts in a sorted
/// trie, and three discounts per order. Everything else is derived from these on load.
///
/// Order `n ≥ 2` keeps its n-grams sorted by (prefix node, last token), so the children of a
/// context are one contiguous range: `firstChild[c] ..< firstChild[c + 1]`. Order 1 is a
/// dense array indexed by token id.
struct KneserNeyTables: Sendable, Equatable {
    var order: Int
    var vocabularySize: Int
    /// Adjusted order-1 counts by token id (`<s>` is 0: it is never predicted).
    var unigramCounts: [UInt32]
    /// For order n, index n-2: offsets of each (n-1)-gram's children; count = nodes(n-1) + 1.
    var firstChild: [[UInt32]]
    /// For order n, index n-2: the last token of each n-gram.
    var words: [[UInt32]]
    /// For order n, index n-2: adjusted counts (raw counts at the top order and for n-grams
    /// that start with `<s>`; continuation counts otherwise).
    var counts: [[UInt32]]
    /// For order n, index n-1: the discounts D1, D2 and D3+.
    var discounts: [[Double]]

    /// Number of n-grams of order `n` (1-based).
    func nodeCount(order n: Int) -> Int { n == 1 ? vocabularySize : words[n - 2].count }

    init(
        order: Int, vocabularySize: Int, unigramCounts: [UInt32], firstChild: [[UInt32]], words: [[UInt32]],
        counts: [[UInt32]], discounts: [[Double]]
    ) {
        self.order = order
        self.vocabularySize = vocabularySize
        self.unigramCounts = unigramCounts
        self.firstChild = firstChild
        self.words = words
        self.counts = counts
        self.discounts = discounts
    }

    /// Sorts the counted trie, turns raw counts into Kneser-Ney adjusted counts, and estimates
    /// the discounts.
    /// `counter` must have counted (``NGramCounter/count(vocabularySize:)``).
    init(counter: NGramCounter, vocabularySize: Int) {
        order = counter.order
        self.vocabularySize = vocabularySize
        var unigrams = [UInt32](repeating: 0, count: vocabularySize)
        for id in 0..<min(vocabularySize, counter.unigramCounts.count) {
            let continuation = counter.unigramContinuations[id]
            unigrams[id] = continuation > 0 ? continuation : counter.unigramCounts[id]
        }
        unigrams[Int(Vocabulary.sentenceStart)] = 0
        unigramCounts = unigrams
        firstChild = []
        words = []
        counts = []
        discounts = [Self.estimateDiscounts(unigrams)]
        var renumber: [UInt32] = []  // previous order: old node id → sorted position
        var parentCount = vocabularySize
        for n in 2...order {
            let level = counter.levels[n - 2]
            let rawCounts = counter.levelCounts[n - 2]
            let nodeCount = level.count
            var starts = [UInt32](repeating: 0, count: parentCount + 1)
            var parents = level.parents
            if n > 2 {
                for i in 0..<nodeCount { parents[i] = renumber[Int(parents[i])] }
            }
            for parent in parents { starts[Int(parent) + 1] &+= 1 }
            for i in 0..<parentCount { starts[i + 1] &+= starts[i] }
            // Counting sort by parent, then each context's children by token: the token rides in
            // the high half of the sort key beside the node's old id, so sorting reads no table.
            var fill = starts
            var packed = [UInt64](repeating: 0, count: nodeCount)
            level.words.withUnsafeBufferPointer { words in
                packed.withUnsafeMutableBufferPointer { packed in
                    for old in 0..<nodeCount {
                        let parent = Int(parents[old])
                        packed[Int(fill[parent])] = UInt64(words[old]) << 32 | UInt64(old)
                        fill[parent] &+= 1
                    }
                    for context in 0..<parentCount {
                        let low = Int(starts[context]), high = Int(starts[context + 1])
                        if high - low <= 16 {
                            var i = low + 1
                            while i < high {
                                let value = packed[i]
                                var j = i
                                while j > low && packed[j - 1] > value {
                                    packed[j] = packed[j - 1]
                                    j -= 1
                                }
                                packed[j] = value
                                i += 1
                            }
                        } else {
                            packed[low..<high].sort()
                        }
                    }
                }
            }
            var sortedWords = [UInt32](repeating: 0, count: nodeCount)
            var sortedCounts = [UInt32](repeating: 0, count: nodeCount)
            renumber = [UInt32](repeating: 0, count: nodeCount)
            let isTop = n == counter.order
            for position in 0..<nodeCount {
                let old = Int(truncatingIfNeeded: packed[position] & 0xFFFF_FFFF)
                renumber[old] = UInt32(position)
                sortedWords[position] = UInt32(truncatingIfNeeded: packed[position] >> 32)
                let continuation = level.continuations[old]
                sortedCounts[position] = isTop || continuation == 0 ? rawCounts[old] : continuation
            }
            firstChild.append(starts)
            words.append(sortedWords)
            counts.append(sortedCounts)
            discounts.append(Self.estimateDiscounts(sortedCounts))
            parentCount = nodeCount
        }
    }

    /// Chen and Goodman's estimates from the count-of-counts n1…n4:
    /// `Y = n1 / (n1 + 2 n2)`, `D1 = 1 − 2Y n2/n1`, `D2 = 2 − 3Y n3/n2`, `D3+ = 3 − 4Y n4/n3`.
    ///
    /// A tiny corpus can leave a count-of-counts at zero, making these undefined or out of
    /// range. Then the single Kneser-Ney discount `Y` is used for all three when `n1` and `n2`
    /// are positive, and `0.5, 1.0, 1.5` otherwise. Every discount is kept in `[0.01, k]`
    /// for `Dk`, so each stays a valid share of the count it discounts.
    static func estimateDiscounts(_ counts: [UInt32]) -> [Double] {
        var n = [Double](repeating: 0, count: 5)
        for count in counts where count >= 1 && count <= 4 { n[Int(count)] += 1 }
        let (n1, n2, n3, n4) = (n[1], n[2], n[3], n[4])
        if n1 > 0 && n2 > 0 && n3 > 0 && n4 > 0 {
            let y = n1 / (n1 + 2 * n2)
            let d = [1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3]
            if d[0] > 0 && d[0] <= 1 && d[1] > 0 && d[1] <= 2 && d[2] > 0 && d[2] <= 3 { return d }
        }
        if n1 > 0 && n2 > 0 {
            let y = max(0.01, n1 / (n1 + 2 * n2))
            return [min(y, 1), y, y]
        }
        return [0.5, 1.0, 1.5]
    }
}
