import LoomCore

/// An error from a Lua script or from the VM running it.
///
/// Lua's own message is kept whole in ``message`` (`world.lua:12: attempt to index a nil value`),
/// and the script file and line it starts with are parsed into ``location``. The traceback,
/// when Lua could make one, lists the calls that led to the error.
///
/// ```swift
/// do {
///     try vm.run(source, name: "world.lua")
/// } catch let error as LuaError where error.kind == .budget {
///     print("the script ran too long")
/// }
/// ```
public struct LuaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure: the chunk did not compile, it raised an error, or it ran out of
    /// memory or instructions.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The source did not compile (a syntax error), or a chunk could not be loaded.
        public static let load = Kind(rawValue: "load")
        /// The script raised an error (with `error`, or a failed operation).
        public static let runtime = Kind(rawValue: "runtime")
        /// The VM's memory limit was reached.
        public static let memory = Kind(rawValue: "memory")
        /// The call's instruction budget ran out.
        public static let budget = Kind(rawValue: "budget")
    }

    /// The kind of failure.
    public var kind: Kind
    /// Lua's message, with its `file:line:` prefix when it has one.
    public var message: String
    /// The script file and line the message names, if it names one.
    public var location: SourceLocation?
    /// Lua's `stack traceback:` lines, when a traceback was made (not for memory errors).
    public var traceback: String?

    /// An error of `kind` with Lua's `message`; the location is parsed from the message.
    public init(_ kind: Kind, _ message: String, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = LuaError.location(in: message)
        self.traceback = traceback
    }

    /// The message as Lua prints it: `world.lua:12: boom`.
    public var description: String { message }

    /// The same failure as a `LoomError` (`load` → `.syntax`, `runtime` → `.runtime`,
    /// `memory` and `budget` → `.budget`), with the location and without the duplicate prefix.
    public var loomError: LoomError {
        let loomKind: LoomError.Kind =
            switch kind {
            case .load: .syntax
            case .memory, .budget: .budget
            default: .runtime
            }
        var text = message
        if let location, let range = text.range(of: "\(location.file):\(location.line): ") {
            text.removeSubrange(text.startIndex..<range.upperBound)
        }
        return LoomError(loomKind, text, at: location)
    }

    /// Parses `file:line: ` at the start of a Lua message (`[string "..."]` names included).
    static func location(in message: String) -> SourceLocation? {
        let firstLine = message.prefix { $0 != "\n" }
        var searchStart = firstLine.startIndex
        while let colon = firstLine[searchStart...].firstIndex(of: ":") {
            let digits = firstLine[firstLine.index(after: colon)...].prefix { $0.isASCII && $0.isNumber }
            let afterDigits = digits.endIndex
            if !digits.isEmpty, afterDigits < firstLine.endIndex, firstLine[afterDigits] == ":",
                let line = Int(digits)
            {
                return SourceLocation(file: String(firstLine[..<colon]), line: line)
            }
            searchStart = firstLine.index(after: colon)
        }
        return nil
    }
}
