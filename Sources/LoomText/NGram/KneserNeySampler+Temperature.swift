import Foundation
import LoomCore

extension KneserNeySampler {
    mutating func clearTouched() {
        for token in touched {
            delta[Int(token)] = 0
            marked[Int(token)] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    mutating func preparePowered(_ model: KneserNeyModel, exponent: Double) {
        guard poweredUnigram.isEmpty || poweredExponent != exponent else { return }
        poweredExponent = exponent
        poweredUnigram = [Double](repeating: 0, count: model.vocabularySize)
        poweredCumulative = [Double](repeating: 0, count: model.vocabularySize)
        var running = 0.0
        for id in 0..<model.vocabularySize {
            if id != Int(Vocabulary.sentenceStart) && id != Int(Vocabulary.unknown) {
                poweredUnigram[id] = PortableMath.pow(model.unigramProbability[id], exponent)
            }
            running += poweredUnigram[id]
            poweredCumulative[id] = running
        }
    }

    /// The interpolated distribution `c · P₁(w) + δ(w)` raised to `exponent`, sampled exactly
    /// without visiting every token: the few tokens with `δ > 0` are weighed one by one, and
    /// the rest share `c^e · Σ P₁(w)^e`, drawn from the precomputed running sums (redrawing
    /// when a touched or forbidden token comes up). Call with `touched` and `delta` filled.
    mutating func sampleTempered<R: RandomNumberGenerator>(
        _ model: KneserNeyModel, scale: Double, exponent: Double, allowEnd: Bool, random: inout R
    ) -> UInt32 {
        preparePowered(model, exponent: exponent)
        func allowed(_ token: Int) -> Bool { Self.isUsable(UInt32(token), allowEnd: allowEnd) }
        candidates.removeAll(keepingCapacity: true)
        var excluded = 0.0
        var touchedSum = 0.0
        for token in touched {
            let id = Int(token)
            excluded += poweredUnigram[id]
            guard allowed(id) else { continue }
            let weight = PortableMath.pow(scale * model.unigramProbability[id] + delta[id], exponent)
            candidates.append((token, weight))
            touchedSum += weight
        }
        let end = Int(Vocabulary.sentenceEnd)
        if !allowEnd && !marked[end] { excluded += poweredUnigram[end] }
        let poweredTotal = poweredCumulative.last ?? 0
        let untouched = max(PortableMath.pow(scale, exponent) * (poweredTotal - excluded), 0)
        let total = touchedSum + untouched
        guard total > 0, total.isFinite else { return candidates.first?.token ?? Vocabulary.sentenceEnd }
        var target = random.nextDouble() * total
        if target < touchedSum {
            for candidate in candidates {
                target -= candidate.weight
                if target < 0 { return candidate.token }
            }
            return candidates[candidates.count - 1].token
        }
        for _ in 0..<64 {
            let draw = random.nextDouble() * poweredTotal
            let id = poweredCumulative.withUnsafeBufferPointer { sums in
                var low = 0, high = sums.count - 1
                while low < high {
                    let middle = (low + high) >> 1
                    if sums[middle] <= draw { low = middle + 1 } else { high = middle }
                }
                return low
            }
            if !marked[id] && allowed(id) { return UInt32(id) }
        }
        // The touched tokens hold nearly all the unigram mass: weigh the rest one by one.
        let draw = random.nextDouble() * (poweredTotal - excluded)
        var running = 0.0
        var last = Vocabulary.sentenceEnd
        for id in 0..<model.vocabularySize where !marked[id] && allowed(id) && poweredUnigram[id] > 0 {
            running += poweredUnigram[id]
            last = UInt32(id)
            if draw < running { return last }
        }
        return last
    }
}
