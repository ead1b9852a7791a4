import Foundation
import LoomCore

/// Chooses the next token from logits as llama.cpp's default sampler chain does, with Loom's
/// own seeded random state (never the clock).
///
/// Steps, in llama.cpp's order: repetition penalty on the last `repetitionWindow` tokens
/// (positive logits divided, negative ones multiplied), top-k, top-p (nucleus), min-p, then
/// temperature and one draw from what is left. Top-p and min-p judge the untempered
/// probabilities, as llama.cpp's chain does (temperature comes after them). Temperature 0 is
/// greedy: the highest logit, the lowest id on ties. The same seed and logits give the same
/// tokens on every machine.
///
/// ```swift
/// var sampler = TokenSampler(seed: Seed(7), temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05)
/// let token = logits.withUnsafeMutableBufferPointer { sampler.sample($0, history: tokens[...]) }
/// ```
public struct TokenSampler {
    /// Softmax temperature; 0 picks the most likely token. Range 0...10.
    public var temperature: Float
    /// Keep only the k most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches `topP`; 1 keeps
    /// all. Range (0, 1].
    public var topP: Float
    /// Drop tokens less likely than `minP` times the likeliest one; 0 keeps all. Range [0, 1].
    public var minP: Float
    /// Divides positive logits (multiplies negative ones) of tokens seen in the last
    /// `repetitionWindow` tokens; 1 disables it. Range [1, 10].
    public var repetitionPenalty: Float
    /// How many recent tokens the penalty looks at.
    public var repetitionWindow: Int
    private var random: Xoshiro256StarStar
    private var candidates: [Int] = []

    /// A sampler drawing from `seed`.
    public init(
        seed: Seed, temperature: Float = 1, topK: Int = 0, topP: Float = 1, minP: Float = 0,
        repetitionPenalty: Float = 1, repetitionWindow: Int = 64
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.repetitionWindow = repetitionWindow
        self.random = seed.makeRandom()
    }

    /// The next token for `logits` (modified in place), given the tokens so far.
    public mutating func sample(_ logits: UnsafeMutableBufferPointer<Float>, history: ArraySlice<Int> = []) -> Int {
        let n = logits.count
        if repetitionPenalty != 1 {
            for token in Set(history.suffix(repetitionWindow)) where token >= 0 && token < n {
                logits[token] =
                    logits[token] > 0 ? logits[token] / repetitionPenalty : logits[token] * repetitionPenalty
            }
        }
        var best = 0
        for i in 1..<max(n, 1) where logits[i] > logits[best] { best = i }
        if temperature <= 0 || n == 1 { return best }
        let largest = logits[best]
        let filters = (topK > 0 && topK < n) || topP < 1 || minP > 0
        guard filters else {
            // Softmax at the temperature over every token, drawn in id order.
            var total: Float = 0
            for i in 0..<n {
                let p = exp((logits[i] - largest) / temperature)
                logits[i] = p
                total += p
            }
            return draw(from: logits, total: total)
        }
        filter(logits, largest: largest)
        // Temperature, then the draw among the candidates, likeliest first.
        var mass: Float = 0
        for token in candidates {
            let p = exp((logits[token] - largest) / temperature)
            logits[token] = p
            mass += p
        }
        var target = random.nextFloat() * mass
        for token in candidates {
            target -= logits[token]
            if target < 0 { return token }
        }
        return candidates[candidates.count - 1]
    }

    /// Leaves in `candidates` the tokens top-k, top-p and min-p keep, likeliest first (lowest
    /// id first on ties); at least the likeliest token always stays.
    private mutating func filter(_ logits: UnsafeMutableBufferPointer<Float>, largest: Float) {
        let n = logits.count
        candidates.removeAll(keepingCapacity: true)
        // Without top-k, tokens far below the nucleus cutoff can never be kept: llama2.c's trick
        // to avoid sorting them (the nucleus still divides by every token's weight).
        var total: Float = 0
        let topKCuts = topK > 0 && topK < n
        if topP < 1 && !topKCuts {
            for i in 0..<n { total += exp(logits[i] - largest) }
            let floor = (1 - topP) / Float(max(n - 1, 1)) * total
            for i in 0..<n where exp(logits[i] - largest) >= floor { candidates.append(i) }
        } else {
            candidates.append(contentsOf: 0..<n)
        }
        candidates.sort { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        if topKCuts { candidates.removeLast(candidates.count - topK) }
        if topP < 1 {
            // The nucleus of what top-k left: softmax over those tokens, untempered.
            if topKCuts {
                for token in candidates { total += exp(logits[token] - largest) }
            }
            let kept = total
            var cumulative: Float = 0
            for (index, token) in candidates.enumerated() {
                cumulative += exp(logits[token] - largest) / kept
                if cumulative >= topP {
                    candidates.removeLast(candidates.count - index - 1)
                    break
                }
            }
        }
        if minP > 0 {
            let cutoff = largest + log(minP)
            var count = 1
            while count < candidates.count, logits[candidates[count]] >= cutoff { count += 1 }
            candidates.removeLast(candidates.count - count)
        }
    }

    private mutating func draw(from weights: UnsafeMutableBufferPointer<Float>, total: Float) -> Int {
        var target = random.nextFloat() * total
        for i in 0..<weights.count {
            target -= weights[i]
            if target < 0 { return i }
        }
        return weights.count - 1
    }
}
