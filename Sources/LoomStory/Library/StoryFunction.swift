/// A function a story can call: a name, a typed signature and a body.
///
/// ```swift
/// var functions = FunctionLibrary()
/// functions.register("double_it", parameters: [.number], returns: .number) { args in
///     .number(args[0].numberValue * 2)
/// }
/// ```
public struct StoryFunction: Sendable {
    /// The name scripts call it by.
    public var name: String
    /// Parameter types; `.any` accepts every type.
    public var parameters: [StoryType]
    /// The type of the result.
    public var returnType: StoryType
    /// The implementation; arguments arrive in order, already of the declared types.
    public var body: @Sendable ([StoryValue]) throws -> StoryValue

    /// A function with a signature and body.
    public init(
        name: String, parameters: [StoryType], returnType: StoryType,
        body: @escaping @Sendable ([StoryValue]) throws -> StoryValue
    ) {
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.body = body
    }
}

/// The host functions a story may call, known to the compiler (for types) and the runner.
public struct FunctionLibrary: Sendable {
    /// Functions by name.
    public private(set) var functions: [String: StoryFunction] = [:]

    /// An empty library (the standard library is always available besides).
    public init() {}

    /// Adds or replaces a function.
    public mutating func register(_ function: StoryFunction) { functions[function.name] = function }

    /// Adds or replaces a function given by its signature and body.
    public mutating func register(
        _ name: String, parameters: [StoryType], returns: StoryType,
        _ body: @escaping @Sendable ([StoryValue]) throws -> StoryValue
    ) {
        register(StoryFunction(name: name, parameters: parameters, returnType: returns, body: body))
    }

    /// Adds a function of no arguments returning a number, string or bool.
    public mutating func register<R: StoryValueConvertible>(_ name: String, _ body: @escaping @Sendable () -> R) {
        register(name, parameters: [], returns: R.storyType) { _ in body().storyValue }
    }

    /// Adds a function of one typed argument.
    public mutating func register<A: StoryValueConvertible, R: StoryValueConvertible>(
        _ name: String, _ body: @escaping @Sendable (A) -> R
    ) {
        register(name, parameters: [A.storyType], returns: R.storyType) { args in body(A(args[0])).storyValue }
    }

    /// Adds a function of two typed arguments.
    public mutating func register<A: StoryValueConvertible, B: StoryValueConvertible, R: StoryValueConvertible>(
        _ name: String, _ body: @escaping @Sendable (A, B) -> R
    ) {
        register(name, parameters: [A.storyType, B.storyType], returns: R.storyType) { args in
            body(A(args[0]), B(args[1])).storyValue
        }
    }

    /// Adds a function of three typed arguments.
    public mutating func register<
        A: StoryValueConvertible, B: StoryValueConvertible, C: StoryValueConvertible, R: StoryValueConvertible
    >(_ name: String, _ body: @escaping @Sendable (A, B, C) -> R) {
        register(name, parameters: [A.storyType, B.storyType, C.storyType], returns: R.storyType) { args in
            body(A(args[0]), B(args[1]), C(args[2])).storyValue
        }
    }
}

/// Swift types that map onto a story type: `Double`, `Int`, `String`, `Bool`.
public protocol StoryValueConvertible: SendableMetatype {
    /// The story type of values of this type.
    static var storyType: StoryType { get }
    /// Converts from a story value of ``storyType``.
    init(_ value: StoryValue)
    /// Converts to a story value.
    var storyValue: StoryValue { get }
}

extension Double: StoryValueConvertible {
    public static var storyType: StoryType { .number }
    public init(_ value: StoryValue) { self = value.numberValue }
    public var storyValue: StoryValue { .number(self) }
}

extension Int: StoryValueConvertible {
    public static var storyType: StoryType { .number }
    public init(_ value: StoryValue) {
        let number = value.numberValue
        self = number.isFinite ? Int(Swift.max(Swift.min(number, 9e18), -9e18)) : 0
    }
    public var storyValue: StoryValue { .number(Double(self)) }
}

extension String: StoryValueConvertible {
    public static var storyType: StoryType { .string }
    public init(_ value: StoryValue) { self = value.description }
    public var storyValue: StoryValue { .string(self) }
}

extension Bool: StoryValueConvertible {
    public static var storyType: StoryType { .bool }
    public init(_ value: StoryValue) { self = value.boolValue }
    public var storyValue: StoryValue { .bool(self) }
}
