import Foundation

/// Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as in PyTorch's `AdamW`:
/// `p ← p − η·λ·p`, then `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `p ← p − η · m̂ / (√v̂ + ε)` with bias-corrected `m̂`, `v̂`.
public final class AdamW: Optimizer {
    /// The hyperparameters, with PyTorch's defaults.
    public struct Configuration: Sendable, Codable, Hashable {
        /// Step size η. Default 0.001.
        public var learningRate: Float = 1e-3
        /// Decay of the first moment, in `0..<1`. Default 0.9.
        public var beta1: Float = 0.9
        /// Decay of the second moment, in `0..<1`. Default 0.999.
        public var beta2: Float = 0.999
        /// Added to `√v̂` to avoid division by zero. Default 1e-8.
        public var epsilon: Float = 1e-8
        /// Decoupled weight decay λ. Default 0.01.
        public var weightDecay: Float = 0.01
        /// Whether weight decay skips parameters of rank below 2 (biases, normalisation
        /// weights), as GPT-style training does. Default `false` (every parameter decays, as in
        /// PyTorch).
        public var decaysOnlyMatrices: Bool = false

        /// The defaults above.
        public init() {}
    }

    /// The parameters updated, in order.
    public let parameters: [Parameter]
    /// The hyperparameters; ``learningRate`` reads and writes `configuration.learningRate`.
    public var configuration: Configuration
    /// Steps taken so far (the bias correction depends on it).
    public private(set) var stepCount = 0
    private var firstMoments: [Tensor]
    private var secondMoments: [Tensor]

    /// The step size η of the next step.
    public var learningRate: Float {
        get { configuration.learningRate }
        set { configuration.learningRate = newValue }
    }

    /// An optimizer for `parameters` (default configuration: PyTorch's defaults).
    public init(parameters: [Parameter], configuration: Configuration = Configuration()) {
        self.parameters = parameters
        self.configuration = configuration
        firstMoments = parameters.map { Tensor(zeros: $0.value.shape) }
        secondMoments = firstMoments
    }

    /// Updates every parameter from its gradient, then zeroes the gradients.
    public func step() {
        stepCount += 1
        let c = configuration
        let correction1 = 1 - Float(Foundation.pow(Double(c.beta1), Double(stepCount)))
        let correction2 = 1 - Float(Foundation.pow(Double(c.beta2), Double(stepCount)))
        let fullDecay = 1 - c.learningRate * c.weightDecay
        let stepSize = c.learningRate / correction1
        let root2 = correction2.squareRoot()
        for (index, parameter) in parameters.enumerated() {
            let gradient = parameter.gradient
            let decay = c.decaysOnlyMatrices && parameter.value.rank < 2 ? 1 : fullDecay
            parameter.value.withUnsafeMutableBufferPointer { p in
                firstMoments[index].withUnsafeMutableBufferPointer { m in
                    secondMoments[index].withUnsafeMutableBufferPointer { v in
                        gradient.withUnsafeBufferPointer { g in
                            for i in 0..<p.count {
                                m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i]
                                v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i]
                                p[i] = p[i] * decay - stepSize * m[i] / (v[i].squareRoot() / root2 + c.epsilon)
                            }
                        }
                    }
                }
            }
            parameter.zeroGradient()
        }
    }

    /// The optimizer's state as named tensors (`"adamw.m.<parameter>"`, `"adamw.v.<parameter>"`
    /// and `"adamw.step"`, exact up to 2²⁴ steps), to store beside the parameters in a
    /// resumable checkpoint.
    public var state: [String: Tensor] {
        var result: [String: Tensor] = ["adamw.step": Tensor([Float(stepCount)])]
        for (index, parameter) in parameters.enumerated() {
            result["adamw.m.\(parameter.name)"] = firstMoments[index]
            result["adamw.v.\(parameter.name)"] = secondMoments[index]
        }
        return result
    }

    /// Restores state saved from ``state``; every parameter's moments must be present with
    /// the right shapes.
    public func restore(_ state: [String: Tensor], source: String = "<checkpoint>") throws {
        guard let step = state["adamw.step"], step.count == 1 else {
            throw Checkpoint.error("\(source) has no optimizer step count 'adamw.step'", source)
        }
        var first: [Tensor] = []
        var second: [Tensor] = []
        for parameter in parameters {
            for (prefix, list) in [("adamw.m.", 0), ("adamw.v.", 1)] {
                let key = prefix + parameter.name
                guard let tensor = state[key] else {
                    throw Checkpoint.error("\(source) has no tensor '\(key)'", source)
                }
                guard tensor.shape == parameter.value.shape else {
                    throw Checkpoint.error(
                        "\(source): '\(key)' has shape \(tensor.shape), expected \(parameter.value.shape)", source)
                }
                if list == 0 { first.append(tensor) } else { second.append(tensor) }
            }
        }
        firstMoments = first
        secondMoments = second
        stepCount = Int(step.scalars[0])
    }
}
