import LoomCore

/// How a parameter's first values are drawn. Every case is seeded, so a model built twice
/// from one seed is identical.
public enum Initializer: Sendable, Hashable, Codable {
    /// All zeros (biases, shifts).
    case zeros
    /// All ones (normalisation weights).
    case ones
    /// Normal with mean 0 and the given standard deviation (embeddings: 0.02 as in GPT-2).
    case normal(standardDeviation: Float)
    /// Uniform in `-bound..<bound`.
    case uniform(bound: Float)
    /// Kaiming (He) normal for layers followed by ReLU: standard deviation `√(2 / fanIn)`.
    case kaimingNormal(fanIn: Int)
    /// Kaiming uniform, PyTorch's default for linear and convolution weights: uniform in
    /// `±√(1 / fanIn)` (Kaiming's bound with gain `√(1/3)`).
    case kaimingUniform(fanIn: Int)
    /// Xavier (Glorot) uniform: uniform in `±√(6 / (fanIn + fanOut))`.
    case xavierUniform(fanIn: Int, fanOut: Int)
    /// Xavier (Glorot) normal: standard deviation `√(2 / (fanIn + fanOut))`.
    case xavierNormal(fanIn: Int, fanOut: Int)

    /// A tensor of `shape` drawn in row-major order from `seed.makeRandom()`.
    public func tensor(shape: [Int], seed: Seed) -> Tensor {
        switch self {
        case .zeros: return Tensor(zeros: shape)
        case .ones: return Tensor(repeating: 1, shape: shape)
        case .normal(let deviation): return .randomNormal(shape: shape, standardDeviation: deviation, seed: seed)
        case .uniform(let bound): return .randomUniform(shape: shape, in: -bound..<bound, seed: seed)
        case .kaimingNormal(let fanIn):
            return .randomNormal(shape: shape, standardDeviation: (2 / Float(max(1, fanIn))).squareRoot(), seed: seed)
        case .kaimingUniform(let fanIn):
            let bound = (1 / Float(max(1, fanIn))).squareRoot()
            return .randomUniform(shape: shape, in: -bound..<bound, seed: seed)
        case .xavierUniform(let fanIn, let fanOut):
            let bound = (6 / Float(max(1, fanIn + fanOut))).squareRoot()
            return .randomUniform(shape: shape, in: -bound..<bound, seed: seed)
        case .xavierNormal(let fanIn, let fanOut):
            let deviation = (2 / Float(max(1, fanIn + fanOut))).squareRoot()
            return .randomNormal(shape: shape, standardDeviation: deviation, seed: seed)
        }
    }
}
