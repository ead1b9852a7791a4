/// A model part that owns named parameters: a layer, a block, a whole model.
///
/// Conforming types list their parameters (their own and their children's) in a fixed order;
/// optimizers keep their state in that order and checkpoints store the parameters by name.
public protocol Module {
    /// Every learnable parameter, in a fixed order, names unique.
    var parameters: [Parameter] { get }
}

extension Module {
    /// The total number of learnable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// The parameter with the given name, if any.
    public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

    /// Sets every parameter's gradient to zero.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// The parameters' values by name, ready for a ``Checkpoint``.
    ///
    /// Two parameters with one name are a programming error (one would overwrite the other
    /// in a checkpoint) and stop with a precondition naming it.
    public var namedValues: [String: Tensor] {
        Dictionary(
            parameters.map { ($0.name, $0.value) },
            uniquingKeysWith: { first, _ in
                preconditionFailure("two parameters share a name in \(parameters.map(\.name))")
            })
    }
}

/// A module made of a list of others, such as the layers of a network.
public struct ModuleList: Module {
    /// The modules, in order.
    public var modules: [any Module]

    /// A list of the given modules.
    public init(_ modules: [any Module]) { self.modules = modules }

    /// The parameters of this layer, in a fixed order.
    public var parameters: [Parameter] { modules.flatMap(\.parameters) }
}
