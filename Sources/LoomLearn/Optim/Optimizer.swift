/// Something that updates parameters from their accumulated gradients.
public protocol Optimizer: AnyObject {
    /// The parameters updated, in order.
    var parameters: [Parameter] { get }
    /// The step size of the next ``step()``; schedules set it before each step.
    var learningRate: Float { get set }
    /// Updates every parameter from its gradient, then zeroes the gradients.
    func step()
}

extension Optimizer {
    /// Sets every parameter's gradient to zero (``step()`` does this itself).
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }
}

/// Scales all gradients down together so that their global L2 norm is at most `maxNorm`.
///
/// Returns the norm before clipping (summed in `Double`, parameter by parameter in order, so
/// it is reproducible). Gradients with a smaller norm are left unchanged.
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    var total: Double = 0
    for parameter in parameters {
        parameter.gradient.withUnsafeBufferPointer { g in
            for value in g { total += Double(value) * Double(value) }
        }
    }
    let norm = Float(total.squareRoot())
    if norm > maxNorm && norm > 0 {
        let scale = maxNorm / norm
        for parameter in parameters {
            parameter.gradient.withUnsafeMutableBufferPointer { g in
                for i in 0..<g.count { g[i] *= scale }
            }
        }
    }
    return norm
}
