import LoomCore

extension Tensor {
    /// Normally distributed values with the given mean and standard deviation, drawn in order
    /// from `seed.makeRandom()` (Box–Muller through `nextGaussian()`), so a seed always gives
    /// the same tensor.
    public static func randomNormal(shape: [Int], mean: Float = 0, standardDeviation: Float = 1, seed: Seed) -> Tensor {
        var random = seed.makeRandom()
        return Tensor(shape: shape) { _ in mean + standardDeviation * Float(random.nextGaussian()) }
    }

    /// Uniformly distributed values in `range`, drawn in order from `seed.makeRandom()`.
    public static func randomUniform(shape: [Int], in range: Range<Float> = 0..<1, seed: Seed) -> Tensor {
        var random = seed.makeRandom()
        let width = range.upperBound - range.lowerBound
        return Tensor(shape: shape) { _ in range.lowerBound + width * random.nextFloat() }
    }
}
