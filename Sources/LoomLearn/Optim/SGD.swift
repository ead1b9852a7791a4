/// Stochastic gradient descent with optional momentum and L2 weight decay (PyTorch's form):
/// `v ← μ·v + (g + λ·p)`, `p ← p − η·v`.
public final class SGD: Optimizer {
    /// The parameters updated, in order.
    public let parameters: [Parameter]
    /// The step size η of the next step.
    public var learningRate: Float
    /// The momentum factor μ in `0..<1`. Default 0 (plain gradient descent).
    public var momentum: Float
    /// The L2 penalty λ added to gradients. Default 0.
    public var weightDecay: Float
    private var velocities: [Tensor]

    /// An optimizer for `parameters`.
    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocities = parameters.map { Tensor(zeros: $0.value.shape) }
    }

    /// Updates every parameter from its gradient, then zeroes the gradients.
    public func step() {
        let (rate, mu, decay) = (learningRate, momentum, weightDecay)
        for (index, parameter) in parameters.enumerated() {
            let gradient = parameter.gradient
            parameter.value.withUnsafeMutableBufferPointer { p in
                velocities[index].withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            let d = g[i] + decay * p[i]
                            v[i] = mu * v[i] + d
                            p[i] -= rate * v[i]
                        }
                    }
                }
            }
            parameter.zeroGradient()
        }
    }
}
