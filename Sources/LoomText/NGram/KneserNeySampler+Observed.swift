import Foundation
import LoomCore

extension KneserNeySampler {
    /// A token among those seen after the longest context with a usable continuation
    /// (``NGramSampling/observedContinuations``). `<s>` and `<unk>` are never returned, nor
    /// `</s>` when `allowEnd` is false; when no context of order 2 or more has another
    /// continuation, the interpolated sampler (the unigram distribution) decides.
    mutating func sampleObserved<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, state: ContextState, random: inout R, temperature: Double, topK: Int,
        allowEnd: Bool
    ) -> UInt32 {
        guard let (n, range) = Self.usableContinuations(model, state: state, allowEnd: allowEnd) else {
            return sample(
                model, state: state, random: &random, temperature: temperature, topK: topK, allowEnd: allowEnd)
        }
        if temperature == 1 && topK == 0,
            let token = sampleByRejection(
                model, state: state, among: range, order: n, random: &random, allowEnd: allowEnd)
        {
            return token
        }
        candidates.removeAll(keepingCapacity: true)
        for index in range {
            let token = model.tables.words[n - 2][index]
            guard Self.isUsable(token, allowEnd: allowEnd) else { continue }
            // The full KN probability, lower orders included, so rarer continuations of a
            // context keep the weight the smoothed model gives them.
            let weight = model.probability(token, contexts: state.nodes, order: n)
            if topK > 0 {
                keepBest(token, weight, limit: topK)
            } else {
                candidates.append((token, weight))
            }
        }
        return drawCandidate(random: &random, temperature: temperature)
    }

    /// Whether generation may return `token`: never `<s>` or `<unk>`, and `</s>` only when
    /// `allowEnd`.
    static func isUsable(_ token: UInt32, allowEnd: Bool) -> Bool {
        token != Vocabulary.sentenceStart && token != Vocabulary.unknown
            && (allowEnd || token != Vocabulary.sentenceEnd)
    }

    /// The order and child range of the longest context in `state` with at least one usable
    /// continuation, or `nil` when no context of order 2 or more has one.
    static func usableContinuations(
        _ model: KneserNeyModel, state: ContextState, allowEnd: Bool
    ) -> (order: Int, range: Range<Int>)? {
        var n = model.order
        while n >= 2 {
            let range = model.children(order: n, of: state.nodes[n - 1])
            if range.contains(where: { isUsable(model.tables.words[n - 2][$0], allowEnd: allowEnd) }) {
                return (n, range)
            }
            n -= 1
        }
        return nil
    }

    /// One of `candidates`, in proportion to its weight raised to `1 / temperature`
    /// (``RandomNumberGenerator/weightedIndex(_:)``); the first candidate when no weight is
    /// positive and finite, and `</s>` when there are none.
    mutating func drawCandidate<R: RandomNumberGenerator>(random: inout R, temperature: Double) -> UInt32 {
        let exponent = 1 / temperature
        if exponent != 1 {
            for i in candidates.indices { candidates[i].weight = PortableMath.pow(candidates[i].weight, exponent) }
        }
        guard let index = random.weightedIndex(candidates.lazy.map(\.weight)) else {
            return candidates.first?.token ?? Vocabulary.sentenceEnd
        }
        return candidates[index].token
    }

    /// The fast exact path at temperature 1 without top-k: draw from the whole interpolated
    /// distribution and keep the draw only when it is among the usable continuations in `range`
    /// (the children of the order-`n` context). Accepted draws then follow the KN distribution
    /// restricted to those continuations, the same distribution the candidate loop computes, for
    /// an expected `1 / P(continuations | context)` draws instead of one probability per
    /// candidate. `nil` (the caller falls back to the candidate loop) after
    /// `maximumRejectionDraws` rejected draws.
    mutating func sampleByRejection<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, state: ContextState, among range: Range<Int>, order n: Int, random: inout R,
        allowEnd: Bool
    ) -> UInt32? {
        for _ in 0..<Self.maximumRejectionDraws {
            let token = sample(model, state: state, random: &random, temperature: 1, topK: 0, allowEnd: allowEnd)
            if Self.isUsable(token, allowEnd: allowEnd), model.find(token, order: n, in: range) != nil { return token }
        }
        return nil
    }

    /// Draws the rejection path tries before the candidate loop decides.
    static var maximumRejectionDraws: Int { 64 }
}
