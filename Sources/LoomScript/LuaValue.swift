/// A Lua value on the Swift side.
///
/// Scalars and strings are copied; tables are copied into ``LuaTable`` (deeply, with cycles
/// refused); functions and values Swift cannot copy (threads, foreign userdata) are held by
/// reference in the VM's registry and released when the Swift value goes away. Swift objects
/// of a registered ``LuaType`` travel as ``object(_:)``.
///
/// Literals build values directly: `let args: [LuaValue] = [1, 2.5, "name", nil, ["a": 1]]`.
public enum LuaValue: Hashable {
    /// `nil`.
    case `nil`
    /// `true` or `false`.
    case boolean(Bool)
    /// A Lua integer (64 bits).
    case integer(Int)
    /// A Lua float.
    case number(Double)
    /// A Lua string (bytes that are not UTF-8 are replaced when read).
    case string(String)
    /// A table, copied.
    case table(LuaTable)
    /// A Lua function, by reference.
    case function(LuaFunction)
    /// A Swift object of a type registered with ``LuaVM/register(type:)``.
    case object(AnyObject)
    /// Another Lua value (a coroutine, or userdata Swift did not make), by reference.
    case opaque(LuaReference)

    public static func == (lhs: LuaValue, rhs: LuaValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): true
        case (.boolean(let a), .boolean(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        case (.function(let a), .function(let b)): a === b
        case (.object(let a), .object(let b)): a === b
        case (.opaque(let a), .opaque(let b)): a === b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .nil: hasher.combine(0)
        case .boolean(let value): hasher.combine(value)
        case .integer(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .table(let value): hasher.combine(value)
        case .function(let value): hasher.combine(ObjectIdentifier(value))
        case .object(let value): hasher.combine(ObjectIdentifier(value))
        case .opaque(let value): hasher.combine(ObjectIdentifier(value))
        }
    }

    /// Lua's type name for the value (`"number"` for integers and floats, `"userdata"` for objects).
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .object: "userdata"
        case .opaque(let reference): reference.typeName
        }
    }

    /// Lua's truth: everything except `nil` and `false` is true.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }

    /// The integer, or a float with an exact integer value; otherwise `nil`.
    public var intValue: Int? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int(exactly: value)
        default: nil
        }
    }

    /// The number as a `Double` (integers converted); otherwise `nil`.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The string; otherwise `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean; otherwise `nil` (use ``isTruthy`` for Lua's truth).
    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The table; otherwise `nil`.
    public var tableValue: LuaTable? {
        if case .table(let value) = self { return value }
        return nil
    }

    /// The function; otherwise `nil`.
    public var functionValue: LuaFunction? {
        if case .function(let value) = self { return value }
        return nil
    }

    /// The Swift object if it is a `T`; otherwise `nil`.
    public func object<T: AnyObject>(as type: T.Type = T.self) -> T? {
        if case .object(let value) = self { return value as? T }
        return nil
    }

    /// A field of a table value (`nil` for other values or missing keys).
    public subscript(key: String) -> LuaValue {
        tableValue?.fields[.string(key)] ?? .nil
    }

    /// An element of a table value's sequence, 1-based as in Lua (`nil` when absent).
    public subscript(index: Int) -> LuaValue {
        guard let table = tableValue else { return .nil }
        return table[.integer(index)]
    }
}
