import LoomCore

/// A multi-head causal self-attention layer: one projection to queries, keys and values
/// (`"<name>.qkv"`, `features → 3·features`), attention over past positions, and an output
/// projection (`"<name>.output"`). The building block of a decoder-only transformer.
public struct CausalSelfAttention: Module {
    /// Queries, keys and values in one product.
    public let qkv: Linear
    /// Mixes the heads back together.
    public let output: Linear
    /// Number of heads; divides `features`.
    public let heads: Int

    /// A layer for `[batch, time, features]` inputs with `heads` heads.
    public init(name: String, features: Int, heads: Int, bias: Bool = true, seed: Seed) {
        precondition(heads >= 1 && features % heads == 0, "\(features) features do not split into \(heads) heads")
        qkv = Linear(name: "\(name).qkv", inputSize: features, outputSize: 3 * features, bias: bias, seed: seed)
        output = Linear(name: "\(name).output", inputSize: features, outputSize: features, bias: bias, seed: seed)
        self.heads = heads
    }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { qkv.parameters + output.parameters }

    /// Attends over `[batch, time, features]`, each position seeing itself and the past.
    public func callAsFunction(_ input: Variable) -> Variable {
        let features = input.shape[2]
        let projected = qkv(input)
        let q = projected.slice(0..<features, alongAxis: 2)
        let k = projected.slice(features..<(2 * features), alongAxis: 2)
        let v = projected.slice((2 * features)..<(3 * features), alongAxis: 2)
        return output(q.causalAttention(key: k, value: v, heads: heads))
    }
}
