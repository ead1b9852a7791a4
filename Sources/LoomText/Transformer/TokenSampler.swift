import Foundation
import LoomCore

/// Chooses the next token from logits: llama2.c's `Sampler`, owning its random state.
///
/// Steps, in order: repetition penalty on recent tokens, temperature (0 = greedy argmax),
/// top-k, top-p (nucleus), then one draw. The same seed and logits give the same tokens.
public struct TokenSampler {
    /// Softmax temperature; 0 picks the most likely token. Range 0...10.
    public var temperature: Float
    /// Keep only the k most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches `topP`; 1 keeps
    /// all. Range (0, 1].
    public var topP: Float
    /// Divides positive logits (multiplies negative ones) of tokens seen in the last
    /// `repetitionWindow` tokens; 1 disables it. Range [1, 10].
    public var repetitionPenalty: Float
    /// How many recent tokens the penalty looks at.
    public var repetitionWindow: Int
    private var random: Xoshiro256StarStar
    private var candidates: [Int] = []
    private var probabilities: [Float] = []

    /// A sampler drawing from `seed`.
    public init(
        seed: Seed, temperature: Float = 1, topK: Int = 0, topP: Float = 1, repetitionPenalty: Float = 1,
        repetitionWindow: Int = 64
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
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
        // Softmax at the temperature, shifted by the maximum for stability.
        let largest = logits[best]
        var total: Float = 0
        for i in 0..<n {
            let p = exp((logits[i] - largest) / temperature)
            logits[i] = p
            total += p
        }
        let keepAll = (topK <= 0 || topK >= n) && topP >= 1
        if keepAll {
            return draw(from: logits, total: total)
        }
        candidates.removeAll(keepingCapacity: true)
        // Tokens far below the nucleus cutoff can never be chosen; llama2.c's trick to avoid sorting them.
        let floor = topP < 1 ? (1 - topP) / Float(max(n - 1, 1)) * total : 0
        for i in 0..<n where logits[i] >= floor { candidates.append(i) }
        candidates.sort { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        if topK > 0 && topK < candidates.count { candidates.removeLast(candidates.count - topK) }
        var kept = 0
        var mass: Float = 0
        let limit = topP * total
        for token in candidates {
            mass += logits[token]
            kept += 1
            if topP < 1 && mass >= limit { break }
        }
        var target = random.nextFloat() * mass
        for token in candidates.prefix(kept) {
            target -= logits[token]
            if target < 0 { return token }
        }
        return candidates[kept - 1]
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
