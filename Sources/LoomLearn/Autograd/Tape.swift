/// A record of the operations of one forward pass, replayed backwards to compute gradients
/// (reverse-mode automatic differentiation).
///
/// Make a tape per training step, bring tensors onto it as ``Variable``s (``parameter(_:)`` for
/// learnable weights, ``constant(_:)`` for data), compute, then call ``backward(from:seed:)`` on the
/// scalar loss. Gradients of parameters are added into each ``Parameter/gradient`` buffer,
/// which is allocated once with the parameter; other gradients are read with
/// ``gradient(of:)``. For inference, a tape made with `recording: false` keeps no backward
/// steps.
///
/// ```swift
/// let tape = Tape()
/// let x = tape.constant(batch)
/// let loss = model(x).crossEntropy(targets: labels)
/// tape.backward(from: loss)
/// optimizer.step()
/// ```
///
/// A tape is not thread-safe; use one per thread.
public final class Tape {
    /// One recorded value: its tensor, whether a gradient must reach it, and how to pass a
    /// gradient on to its inputs.
    struct Node {
        var value: Tensor
        var requiresGradient: Bool
        var parameter: Parameter?
        var backward: ((Tensor, Tape) -> Void)?
    }

    private(set) var nodes: [Node] = []
    private var gradients: [Tensor?] = []

    /// Whether operations keep what the backward pass needs. Default: `true`.
    public let isRecording: Bool

    /// An empty tape. With `recording: false` no gradients can be computed, and nothing beyond
    /// the forward values is kept.
    public init(recording: Bool = true) { self.isRecording = recording }

    /// The number of values recorded so far.
    public var count: Int { nodes.count }

    /// A value that needs no gradient (inputs, targets, masks).
    public func constant(_ value: Tensor) -> Variable {
        append(Node(value: value, requiresGradient: false, parameter: nil, backward: nil))
    }

    /// A leaf value whose gradient ``gradient(of:)`` reports after ``backward(from:seed:)``.
    public func variable(_ value: Tensor) -> Variable {
        append(Node(value: value, requiresGradient: isRecording, parameter: nil, backward: nil))
    }

    /// A learnable parameter; its gradient accumulates into ``Parameter/gradient``.
    public func parameter(_ parameter: Parameter) -> Variable {
        append(Node(value: parameter.value, requiresGradient: isRecording, parameter: parameter, backward: nil))
    }

    /// Records the result of an operation. `backward(outputGradient, tape)` must add the
    /// gradient of each input that needs one through ``accumulate(_:into:)``; it should
    /// capture input ids and tensors, never ``Variable``s (which would keep the tape alive).
    func record(_ value: Tensor, inputs: [Variable], backward: @escaping (Tensor, Tape) -> Void) -> Variable {
        for input in inputs { precondition(input.tape === self, "variables from different tapes combined") }
        let needed = isRecording && inputs.contains { nodes[$0.id].requiresGradient }
        return append(Node(value: value, requiresGradient: needed, parameter: nil, backward: needed ? backward : nil))
    }

    private func append(_ node: Node) -> Variable {
        nodes.append(node)
        gradients.append(nil)
        return Variable(tape: self, id: nodes.count - 1)
    }

    /// Whether a gradient must flow to the value with this id.
    func needsGradient(_ id: Int) -> Bool { nodes[id].requiresGradient }

    func value(_ id: Int) -> Tensor { nodes[id].value }

    /// Adds `gradient` to what has reached the value `id` so far.
    func accumulate(_ gradient: Tensor, into id: Int) {
        guard nodes[id].requiresGradient else { return }
        precondition(
            gradient.count == nodes[id].value.count,
            "gradient \(gradient.shape) for a value of shape \(nodes[id].value.shape)")
        if let parameter = nodes[id].parameter {
            parameter.gradient.add(gradient, scaledBy: 1)
        } else if gradients[id] == nil {
            gradients[id] = gradient.reshaped(nodes[id].value.shape)
        } else {
            gradients[id]!.add(gradient, scaledBy: 1)
        }
    }

    /// Propagates gradients from `loss` back through every recorded operation.
    ///
    /// `seed` is the gradient of the final objective with respect to `loss`; by default ones
    /// (so a scalar loss gets gradient 1). Parameter gradients are added to their buffers —
    /// zero them between steps (optimizers do this in `step()`).
    public func backward(from loss: Variable, seed: Tensor? = nil) {
        precondition(isRecording, "backward(from:) on a tape made with recording: false")
        precondition(loss.tape === self, "backward(from:) with a variable of another tape")
        accumulate(seed ?? Tensor(repeating: 1, shape: loss.shape), into: loss.id)
        for id in stride(from: loss.id, through: 0, by: -1) {
            guard let gradient = gradients[id] else { continue }
            if let backward = nodes[id].backward {
                backward(gradient, self)
                // Intermediate gradients are dropped once passed on; leaves keep theirs.
                gradients[id] = nil
            }
        }
    }

    /// The gradient that reached a leaf made with ``variable(_:)``, or `nil` if none did.
    public func gradient(of variable: Variable) -> Tensor? {
        precondition(variable.tape === self, "gradient(of:) with a variable of another tape")
        return gradients[variable.id]
    }
}
