import LoomCore

/// Interpolated modified Kneser-Ney over token ids, ready to query and sample.
///
/// For a context `h` with children (tokens seen after it) at order n:
/// `P(w | h) = max(a(hw) − D(a(hw)), 0) / A(h) + γ(h) · P(w | h′)`, where `a` is the adjusted
/// count, `A(h)` the sum of its children's adjusted counts, `h′` the context without its first
/// token, and `γ(h) = Σ min(D(a), a) / A(h)` the mass the discounts set aside. A context with
/// no children backs off entirely (`P(w | h) = P(w | h′)`). The bottom level interpolates the
/// unigram distribution with the uniform one over every token but `<s>`.
struct KneserNeyModel: Sendable {
    let tables: KneserNeyTables
    /// P(w) at order 1, by token id.
    let unigramProbability: [Double]
    /// Per order n ≥ 2 (index n-2), per n-gram: running sum of discounted counts within its
    /// context's range, ending at the context's seen mass `S(h)`.
    let cumulative: [[Double]]
    /// Per order n ≥ 2 (index n-2), per context: `A(h)`.
    let totals: [[Double]]
    /// Order-1 running sums of discounted counts, by token id, and their totals.
    let unigramCumulative: [Double]
    let unigramTotal: Double
    /// Tokens by descending unigram probability (ties by id), for top-k candidates.
    let unigramRanking: [UInt32]

    var order: Int { tables.order }
    var vocabularySize: Int { tables.vocabularySize }

    init(_ tables: KneserNeyTables) {
        self.tables = tables
        let size = tables.vocabularySize
        let d1 = tables.discounts[0]
        var running = 0.0, total = 0.0
        var unigramCumulative = [Double](repeating: 0, count: size)
        for id in 0..<size {
            let count = Double(tables.unigramCounts[id])
            total += count
            running += max(count - Self.discount(d1, tables.unigramCounts[id]), 0)
            unigramCumulative[id] = running
        }
        self.unigramCumulative = unigramCumulative
        unigramTotal = total
        let predictable = Double(size - 1)
        let uniformShare = total > 0 ? (total - running) / total / predictable : 1 / predictable
        var probability = [Double](repeating: 0, count: size)
        var previous = 0.0
        for id in 0..<size {
            let seen = total > 0 ? (unigramCumulative[id] - previous) / total : 0
            previous = unigramCumulative[id]
            probability[id] = id == Int(Vocabulary.sentenceStart) ? 0 : seen + uniformShare
        }
        unigramProbability = probability
        unigramRanking = (0..<UInt32(size)).sorted {
            probability[Int($0)] != probability[Int($1)] ? probability[Int($0)] > probability[Int($1)] : $0 < $1
        }
        var cumulative: [[Double]] = []
        var totals: [[Double]] = []
        for n in 2...tables.order {
            let starts = tables.firstChild[n - 2], counts = tables.counts[n - 2]
            let discounts = tables.discounts[n - 1]
            var sums = [Double](repeating: 0, count: counts.count)
            var contextTotals = [Double](repeating: 0, count: starts.count - 1)
            for context in 0..<(starts.count - 1) {
                var seen = 0.0, all = 0.0
                for i in Int(starts[context])..<Int(starts[context + 1]) {
                    all += Double(counts[i])
                    seen += max(Double(counts[i]) - Self.discount(discounts, counts[i]), 0)
                    sums[i] = seen
                }
                contextTotals[context] = all
            }
            cumulative.append(sums)
            totals.append(contextTotals)
        }
        self.cumulative = cumulative
        self.totals = totals
    }

    @inline(__always)
    static func discount(_ d: [Double], _ count: UInt32) -> Double {
        count == 0 ? 0 : count == 1 ? d[0] : count == 2 ? d[1] : d[2]
    }

    /// The range of `context`'s children at order `n` (context is an (n-1)-gram node).
    @inline(__always)
    func children(order n: Int, of context: Int32) -> Range<Int> {
        guard context >= 0 else { return 0..<0 }
        let starts = tables.firstChild[n - 2]
        return Int(starts[Int(context)])..<Int(starts[Int(context) + 1])
    }

    /// The index of `word` among `range` at order `n`, by binary search.
    @inline(__always)
    func find(_ word: UInt32, order n: Int, in range: Range<Int>) -> Int? {
        tables.words[n - 2].withUnsafeBufferPointer { words in
            var low = range.lowerBound, high = range.upperBound
            while low < high {
                let middle = (low + high) >> 1
                if words[middle] < word { low = middle + 1 } else { high = middle }
            }
            return low < range.upperBound && words[low] == word ? low : nil
        }
    }

    /// The discounted count (the seen mass) of n-gram `index` at order `n`.
    @inline(__always)
    func seenMass(order n: Int, index: Int, range: Range<Int>) -> Double {
        let sums = cumulative[n - 2]
        return index == range.lowerBound ? sums[index] : sums[index] - sums[index - 1]
    }

    /// Contexts for every order after `history`: entry k is the node of the k-gram that ends
    /// the history (entry 0 unused), or -1.
    func contexts(after history: [UInt32]) -> [Int32] {
        var state = ContextState(order: order)
        for token in history { state.advance(token, model: self) }
        return state.nodes
    }

    /// `P(word | context)` by the interpolation formula, using the contexts up to order `n`.
    func probability(_ word: UInt32, contexts: [Int32], order n: Int) -> Double {
        if n == 1 { return unigramProbability[Int(word)] }
        let context = contexts[n - 1]
        let range = children(order: n, of: context)
        if range.isEmpty { return probability(word, contexts: contexts, order: n - 1) }
        let total = totals[n - 2][Int(context)]
        let seen = cumulative[n - 2][range.upperBound - 1]
        var alpha = 0.0
        if let index = find(word, order: n, in: range) { alpha = seenMass(order: n, index: index, range: range) }
        return alpha / total + (total - seen) / total * probability(word, contexts: contexts, order: n - 1)
    }
}

/// The trie nodes of the n-grams ending at the last token, one per order below the top:
/// what a model needs to predict the next token.
struct ContextState: Sendable {
    /// Entry k is the k-gram node ending at the last token, or -1; entry 0 is unused.
    var nodes: [Int32]

    init(order: Int) {
        nodes = [Int32](repeating: -1, count: max(order, 2))
        nodes[1] = Int32(Vocabulary.sentenceStart)
    }

    mutating func reset() {
        for k in nodes.indices { nodes[k] = -1 }
        nodes[1] = Int32(Vocabulary.sentenceStart)
    }

    /// Moves past `token`: each k-gram is the (k-1)-gram before it extended by `token`.
    @inline(__always)
    mutating func advance(_ token: UInt32, model: KneserNeyModel) {
        var k = nodes.count - 1
        while k >= 2 {
            let range = model.children(order: k, of: nodes[k - 1])
            nodes[k] = range.isEmpty ? -1 : model.find(token, order: k, in: range).map { Int32($0) } ?? -1
            k -= 1
        }
        nodes[1] = Int32(token)
    }
}
