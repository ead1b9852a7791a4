import Foundation
import LoomCore

/// Draws tokens from a ``KneserNeyModel``; owns the scratch memory it needs, so sampling
/// allocates nothing per token.
///
/// At temperature 1 with no top-k the interpolated distribution is sampled exactly as the
/// mixture it is: at the highest order whose context was seen, one uniform draw picks a child
/// in proportion to its discounted count, or (with probability γ) moves to the order below.
/// That costs a few binary searches per token, whatever the vocabulary's size.
///
/// Otherwise the distribution is built as `c · P₁(w) + δ(w)`, with `δ` nonzero only on the
/// tokens seen after the contexts: top-k takes the k most likely among those and the best
/// unigram tokens (exact, ties broken by id); temperature alone weighs those tokens one by one
/// and draws the rest from precomputed sums of `P₁(w)^(1/T)` (exact, no vocabulary pass) when
/// `tempersWithSums` is set, and weighs the whole vocabulary otherwise.
struct KneserNeySampler {
    var delta: [Double]
    var marked: [Bool]
    var touched: [UInt32] = []
    /// `P₁(w)^(1/T)` for the last temperature, and its running sums (`<s>` and `<unk>` at 0):
    /// computed once per stream, so a temperature other than 1 costs no pass over the vocabulary
    /// per token.
    var poweredExponent = 1.0
    var poweredUnigram: [Double] = []
    var poweredCumulative: [Double] = []
    var candidates: [(token: UInt32, weight: Double)] = []

    /// Whether temperature alone draws through ``sampleTempered(_:scale:exponent:allowEnd:random:)``
    /// (exact, but its draws differ from the full pass, which name models keep for their pinned
    /// samples and tiny letter vocabularies).
    let tempersWithSums: Bool

    init(vocabularySize: Int, tempersWithSums: Bool = false) {
        self.tempersWithSums = tempersWithSums
        delta = [Double](repeating: 0, count: vocabularySize)
        marked = [Bool](repeating: false, count: vocabularySize)
    }

    /// A token for the next position. `<s>` and `<unk>` are never returned, nor `</s>` when
    /// `allowEnd` is false (right after a sentence starts, so no sentence is empty).
    mutating func sample<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, state: ContextState, random: inout R, temperature: Double, topK: Int,
        allowEnd: Bool
    ) -> UInt32 {
        if temperature == 1 && topK == 0 {
            for _ in 0..<64 {
                let token = sampleExact(model, state: state, random: &random)
                if token != Vocabulary.unknown && (allowEnd || token != Vocabulary.sentenceEnd) { return token }
            }
            return model.unigramRanking.first { $0 > Vocabulary.unknown } ?? Vocabulary.sentenceEnd
        }
        return sampleShaped(
            model, state: state, random: &random, temperature: temperature, topK: topK, allowEnd: allowEnd)
    }

    private func sampleExact<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, state: ContextState, random: inout R
    ) -> UInt32 {
        var n = model.order
        while n >= 2 {
            let context = state.nodes[n - 1]
            let range = model.children(order: n, of: context)
            if !range.isEmpty {
                let total = model.totals[n - 2][Int(context)]
                let target = random.nextDouble() * total
                let index = model.cumulative[n - 2].withUnsafeBufferPointer { sums -> Int? in
                    guard target < sums[range.upperBound - 1] else { return nil }
                    var low = range.lowerBound, high = range.upperBound - 1
                    while low < high {
                        let middle = (low + high) >> 1
                        if sums[middle] <= target { low = middle + 1 } else { high = middle }
                    }
                    return low
                }
                if let index { return model.tables.words[n - 2][index] }
            }
            n -= 1
        }
        let seen = model.unigramCumulative.last ?? 0
        let target = random.nextDouble() * model.unigramTotal
        if target < seen {
            return model.unigramCumulative.withUnsafeBufferPointer { sums in
                var low = 0, high = sums.count - 1
                while low < high {
                    let middle = (low + high) >> 1
                    if sums[middle] <= target { low = middle + 1 } else { high = middle }
                }
                return UInt32(low)
            }
        }
        return 1 + UInt32(random.nextInt(below: model.vocabularySize - 1))
    }

    /// Keeps `candidates` as the best `limit` so far, most likely first (ties: lower id first).
    @inline(__always)
    mutating func keepBest(_ token: UInt32, _ weight: Double, limit: Int) {
        func better(_ a: (token: UInt32, weight: Double), _ b: (token: UInt32, weight: Double)) -> Bool {
            a.weight != b.weight ? a.weight > b.weight : a.token < b.token
        }
        let candidate = (token: token, weight: weight)
        if candidates.count == limit {
            guard better(candidate, candidates[limit - 1]) else { return }
            candidates.removeLast()
        }
        var index = candidates.count
        candidates.append(candidate)
        while index > 0 && better(candidate, candidates[index - 1]) {
            candidates[index] = candidates[index - 1]
            index -= 1
        }
        candidates[index] = candidate
    }

    private mutating func sampleShaped<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, state: ContextState, random: inout R, temperature: Double, topK: Int,
        allowEnd: Bool
    ) -> UInt32 {
        var scale = 1.0
        for n in 2...model.order {
            let context = state.nodes[n - 1]
            let range = model.children(order: n, of: context)
            if range.isEmpty { continue }
            let total = model.totals[n - 2][Int(context)]
            let gamma = (total - model.cumulative[n - 2][range.upperBound - 1]) / total
            scale *= gamma
            for token in touched { delta[Int(token)] *= gamma }
            for index in range {
                let token = model.tables.words[n - 2][index]
                if !marked[Int(token)] {
                    marked[Int(token)] = true
                    touched.append(token)
                }
                delta[Int(token)] += model.seenMass(order: n, index: index, range: range) / total
            }
        }
        func allowed(_ token: UInt32) -> Bool { Self.isUsable(token, allowEnd: allowEnd) }
        candidates.removeAll(keepingCapacity: true)
        if topK > 0 {
            for token in touched where allowed(token) {
                keepBest(token, scale * model.unigramProbability[Int(token)] + delta[Int(token)], limit: topK)
            }
            var extra = 0
            for token in model.unigramRanking {
                if extra >= topK { break }
                if marked[Int(token)] || !allowed(token) { continue }
                keepBest(token, scale * model.unigramProbability[Int(token)], limit: topK)
                extra += 1
            }
        } else if tempersWithSums {
            let token = sampleTempered(
                model, scale: scale, exponent: 1 / temperature, allowEnd: allowEnd, random: &random)
            clearTouched()
            return token
        } else {
            for id in 0..<model.vocabularySize where allowed(UInt32(id)) {
                candidates.append((UInt32(id), scale * model.unigramProbability[id] + delta[id]))
            }
        }
        clearTouched()
        return drawCandidate(random: &random, temperature: temperature)
    }
}
