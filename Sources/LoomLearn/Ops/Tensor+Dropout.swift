import LoomCore

extension Tensor {
    /// Inverted dropout: each element is zeroed with probability `rate` and the survivors are
    /// scaled by `1 / (1 − rate)`, so the expected value is unchanged. The mask is drawn in
    /// row-major order from `seed.makeRandom()` (element kept when `nextFloat() ≥ rate`), so a
    /// seed always drops the same elements. `rate` must be in `0..<1`; 0 returns `self`.
    public func dropout(rate: Float, seed: Seed) -> Tensor {
        self * Tensor.dropoutMask(shape: shape, rate: rate, seed: seed)
    }

    /// The scaled keep-mask used by ``dropout(rate:seed:)``.
    static func dropoutMask(shape: [Int], rate: Float, seed: Seed) -> Tensor {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside 0..<1")
        var random = seed.makeRandom()
        let scale = 1 / (1 - rate)
        return Tensor(shape: shape) { _ in random.nextFloat() >= rate ? scale : 0 }
    }
}

extension Variable {
    /// Inverted dropout with a seeded mask; see ``Tensor/dropout(rate:seed:)``.
    public func dropout(rate: Float, seed: Seed) -> Variable {
        guard rate > 0 else { return self }
        let mask = Tensor.dropoutMask(shape: shape, rate: rate, seed: seed)
        return unary(value * mask) { $0 * mask }
    }
}
