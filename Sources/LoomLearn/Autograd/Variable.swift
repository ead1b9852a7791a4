/// A tensor on a ``Tape``: the handle through which operations are recorded for
/// differentiation.
///
/// Variables are cheap values (a tape and an index). Their operations mirror those of
/// ``Tensor`` and record how to pass gradients back.
public struct Variable {
    /// The tape this value is recorded on.
    public let tape: Tape
    /// The index of this value on its tape.
    let id: Int

    /// The forward value.
    public var value: Tensor { tape.value(id) }

    /// The shape of the forward value.
    public var shape: [Int] { tape.value(id).shape }

    /// Records a unary operation whose input gradient is computed from the output gradient.
    func unary(_ value: Tensor, _ gradient: @escaping (Tensor) -> Tensor) -> Variable {
        let input = id
        return tape.record(value, inputs: [self]) { outputGradient, tape in
            tape.accumulate(gradient(outputGradient), into: input)
        }
    }
}
