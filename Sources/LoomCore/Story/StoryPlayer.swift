/// A story variable's value in terms every story language Loom speaks shares.
public enum StoryPlayerValue: Hashable, Sendable, CustomStringConvertible {
    /// `true` or `false`.
    case bool(Bool)
    /// A number (Yarn's numbers; ink's ints and floats).
    case number(Double)
    /// Text (and, for ink, a list or divert target as it prints).
    case string(String)

    /// The value as a line shows it: whole numbers without `.0`.
    public var description: String {
        switch self {
        case .bool(let flag): flag ? "true" : "false"
        case .number(let value):
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let text): text
        }
    }
}

/// One choice a story offers.
public struct StoryPlayerChoice: Hashable, Sendable {
    /// The number to pass to ``StoryPlayer/choose(_:)``.
    public var index: Int
    /// What the player reads.
    public var text: String
    /// Whether the player may take it (Yarn shows unavailable options; ink hides them).
    public var isAvailable: Bool
    /// The hashtags written on the choice (`#hint:pray`), without `#`.
    public var tags: [String]

    /// A choice from its parts.
    public init(index: Int, text: String, isAvailable: Bool, tags: [String] = []) {
        self.index = index
        self.text = text
        self.isAvailable = isAvailable
        self.tags = tags
    }
}

/// What a story says next.
public enum StoryPlayerEvent: Hashable, Sendable {
    /// A line of text with its tags.
    case line(text: String, tags: [String])
    /// Choices; the story waits for ``StoryPlayer/choose(_:)``.
    case choices([StoryPlayerChoice])
    /// The story has ended.
    case end
}

/// The one story API that Loom's story languages satisfy — Yarn Spinner's runner in
/// `LoomStory` and ink's in `LoomInk` — so a game, a world's Lua listeners or the playground's
/// story panel drive either the same way: pull events, answer choices, read and set
/// variables, save and load, and bind host functions (``StoryPlayerFunction``).
///
/// ```swift
/// func play(_ story: any StoryPlayer) throws {
///     while true {
///         switch try story.nextEvent() {
///         case .line(let text, _): print(text)
///         case .choices(let choices): try story.choose(choices.first { $0.isAvailable }!.index)
///         case .end: return
///         }
///     }
/// }
/// ```
public protocol StoryPlayer: AnyObject {
    /// The next line, the choices on offer, or the end.
    func nextEvent() throws -> StoryPlayerEvent
    /// Answers the choices of the last ``StoryPlayerEvent/choices(_:)`` event.
    func choose(_ index: Int) throws
    /// A story variable's value (Yarn names start with `$`), or `nil` when there is none.
    func variable(_ name: String) -> StoryPlayerValue?
    /// Sets a story variable.
    func setVariable(_ name: String, to value: StoryPlayerValue) throws
    /// Everything needed to continue later, in the runtime's versioned save format.
    func saveData() throws -> [UInt8]
    /// Restores what ``saveData()`` returned.
    func loadData(_ bytes: [UInt8]) throws
    /// Binds a host function the story calls by ``StoryPlayerFunction/name`` (an ink
    /// `EXTERNAL`, a Yarn function), replacing an earlier binding of that name. Binding a
    /// function the story never calls does nothing, so a host may bind the same set for every
    /// story.
    /// - Throws: ``LoomError`` (`.invalidArgument`) when the story calls the function with a
    ///   number of arguments other than its parameters'.
    func bind(_ function: StoryPlayerFunction) throws
}

/// The type of a host function's parameter or result, in terms both story languages share.
public enum StoryPlayerValueType: Hashable, Sendable, CustomStringConvertible {
    /// `true` or `false`.
    case bool
    /// A number (Yarn's numbers; ink's ints and floats).
    case number
    /// Text.
    case string
    /// Any of the above (for parameters that take every type).
    case any

    /// The type's name for messages: `bool`, `number`, `string` or `any`.
    public var description: String {
        switch self {
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .any: "any"
        }
    }
}

extension StoryPlayerValue {
    /// The value's type (never ``StoryPlayerValueType/any``).
    public var type: StoryPlayerValueType {
        switch self {
        case .bool: .bool
        case .number: .number
        case .string: .string
        }
    }
}

/// A host function a story calls by name — an ink `EXTERNAL`, a Yarn function — bound once
/// through ``StoryPlayer/bind(_:)`` for a story in either language.
///
/// The runner checks the arguments against ``parameters`` and the result against
/// ``returnType`` before and after calling ``body``, so the body receives exactly the types it
/// declares:
///
/// ```swift
/// let shout = StoryPlayerFunction("shout", parameters: [.string], returns: .string) { arguments in
///     .string(arguments[0].description.uppercased())
/// }
/// try player.bind(shout)
/// ```
///
/// Every runner calls the body once each time the story evaluates the call, never ahead of time
/// (ink's look-ahead stops before a bound function), so a body may have side effects such as
/// drawing from a seeded generator.
public struct StoryPlayerFunction: Sendable {
    /// The name the story calls the function by.
    public var name: String
    /// The parameter types, in order; their count is the function's arity.
    public var parameters: [StoryPlayerValueType]
    /// The type of the result (``StoryPlayerValueType/any`` for a result of any type).
    public var returnType: StoryPlayerValueType
    /// The implementation: the arguments, checked against ``parameters``, in order.
    public var body: @Sendable ([StoryPlayerValue]) throws -> StoryPlayerValue

    /// A function from its name, signature and body.
    public init(
        _ name: String, parameters: [StoryPlayerValueType], returns returnType: StoryPlayerValueType,
        body: @escaping @Sendable ([StoryPlayerValue]) throws -> StoryPlayerValue
    ) {
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.body = body
    }

    /// Checks `arguments` against ``parameters``, runs ``body`` and checks its result.
    /// - Throws: ``LoomError`` (`.runtime`) naming the function for a wrong argument count or
    ///   type or a result of the wrong type; errors the body throws pass through.
    public func call(_ arguments: [StoryPlayerValue]) throws -> StoryPlayerValue {
        guard arguments.count == parameters.count else {
            throw LoomError(
                .runtime,
                "'\(name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), not \(arguments.count)"
            )
        }
        for (position, (argument, type)) in zip(arguments, parameters).enumerated()
        where type != .any && argument.type != type {
            throw LoomError(
                .runtime,
                "argument \(position + 1) of '\(name)' must be a \(type), not the \(argument.type) '\(argument)'")
        }
        let result = try body(arguments)
        guard returnType == .any || result.type == returnType else {
            throw LoomError(
                .runtime, "'\(name)' must return a \(returnType), but returned the \(result.type) '\(result)'")
        }
        return result
    }
}
