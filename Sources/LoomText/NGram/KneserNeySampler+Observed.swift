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
        if temperature == 1 && topK == 0,
            let token = sampleObservedByRejection(model, state: state, random: &random, allowEnd: allowEnd)
        {
            return token
        }
        var n = model.order
        while n >= 2 {
            let range = model.children(order: n, of: state.nodes[n - 1])
            if !range.isEmpty {
                candidates.removeAll(keepingCapacity: true)
                for index in range {
                    let token = model.tables.words[n - 2][index]
                    if token == Vocabulary.sentenceStart || token == Vocabulary.unknown
                        || (!allowEnd && token == Vocabulary.sentenceEnd)
                    {
                        continue
                    }
                    // The full KN probability, lower orders included, so rarer continuations of a
                    // context keep the weight the smoothed model gives them.
                    let weight = model.probability(token, contexts: state.nodes, order: n)
                    if topK > 0 {
                        keepBest(token, weight, limit: topK)
                    } else {
                        candidates.append((token, weight))
                    }
                }
                if !candidates.isEmpty { return drawCandidate(random: &random, temperature: temperature) }
            }
            n -= 1
        }
        return sample(
            model, state: state, random: &random, temperature: temperature, topK: topK, allowEnd: allowEnd)
    }

    /// One of `candidates`, in proportion to its weight raised to `1 / temperature`.
    mutating func drawCandidate<R: RandomNumberGenerator>(random: inout R, temperature: Double) -> UInt32 {
        let exponent = 1 / temperature
        var sum = 0.0
        for i in candidates.indices {
            if exponent != 1 { candidates[i].weight = pow(candidates[i].weight, exponent) }
            sum += candidates[i].weight
        }
        guard sum > 0, sum.isFinite, let last = candidates.last else {
            return candidates.first?.token ?? Vocabulary.sentenceEnd
        }
        let target = random.nextDouble() * sum
        var running = 0.0
        for candidate in candidates {
            running += candidate.weight
            if target < running { return candidate.token }
        }
        return last.token
    }

    /// The fast exact path at temperature 1 without top-k: draw from the whole interpolated
    /// distribution and keep the draw only when it is among the usable continuations of the
    /// longest context that has any. Accepted draws then follow the KN distribution restricted
    /// to those continuations, the same distribution the candidate loop computes, for an
    /// expected `1 / P(continuations | context)` draws instead of one probability per candidate.
    /// `nil` (the caller falls back to the candidate loop) when no context of order 2 or more
    /// has a usable continuation, or after `maximumRejectionDraws` rejected draws.
    mutating func sampleObservedByRejection<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, state: ContextState, random: inout R, allowEnd: Bool
    ) -> UInt32? {
        func usable(_ token: UInt32) -> Bool {
            token != Vocabulary.sentenceStart && token != Vocabulary.unknown
                && (allowEnd || token != Vocabulary.sentenceEnd)
        }
        var n = model.order
        var found: Range<Int>?
        while n >= 2, found == nil {
            let range = model.children(order: n, of: state.nodes[n - 1])
            if range.contains(where: { usable(model.tables.words[n - 2][$0]) }) {
                found = range
            } else {
                n -= 1
            }
        }
        guard let range = found else { return nil }
        for _ in 0..<Self.maximumRejectionDraws {
            let token = sample(model, state: state, random: &random, temperature: 1, topK: 0, allowEnd: allowEnd)
            if usable(token), model.find(token, order: n, in: range) != nil { return token }
        }
        return nil
    }

    /// Draws the rejection path tries before the candidate loop decides.
    static var maximumRejectionDraws: Int { 64 }
}
