/// A Lua table copied into Swift: its sequence (keys `1...n`) and its other fields.
///
/// ```swift
/// let config = LuaTable(array: [1, 2, 3], fields: ["name": "isles"])
/// try vm.call("configure", [.table(config)])
/// ```
public struct LuaTable: Hashable {
    /// The values at keys `1, 2, …, n` (the table's sequence), in order.
    public var array: [LuaValue]
    /// Every other key, including integer keys outside the sequence.
    public var fields: [LuaValue: LuaValue]

    /// A table with a sequence and fields (keys given as strings).
    public init(array: [LuaValue] = [], fields: [String: LuaValue] = [:]) {
        self.array = array
        self.fields = Dictionary(uniqueKeysWithValues: fields.map { (LuaValue.string($0.key), $0.value) })
    }

    /// A table with a sequence and fields under any keys.
    public init(array: [LuaValue], anyFields: [LuaValue: LuaValue]) {
        self.array = array
        self.fields = anyFields
    }

    /// The value under `key` (`nil` when absent), looking in the sequence for integer keys.
    public subscript(key: LuaValue) -> LuaValue {
        if let index = key.intValue, index >= 1, index <= array.count { return array[index - 1] }
        return fields[key] ?? .nil
    }

    /// The fields whose keys are strings, as a Swift dictionary.
    public var stringFields: [String: LuaValue] {
        var result: [String: LuaValue] = [:]
        for (key, value) in fields {
            if case .string(let name) = key { result[name] = value }
        }
        return result
    }

    /// The number of entries (sequence and fields).
    public var count: Int { array.count + fields.count }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .table(LuaTable(fields: Dictionary(elements) { _, last in last }))
    }

    /// A table value holding `elements` as its sequence.
    public static func array(_ elements: [LuaValue]) -> LuaValue { .table(LuaTable(array: elements)) }

    /// A table value holding `fields` under string keys.
    public static func dictionary(_ fields: [String: LuaValue]) -> LuaValue { .table(LuaTable(fields: fields)) }
}

extension LuaValue: CustomStringConvertible {
    /// The value as Lua code would write it (tables abbreviated, references by type).
    public var description: String {
        switch self {
        case .nil: "nil"
        case .boolean(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): value
        case .table(let table): "table (\(table.array.count) in sequence, \(table.fields.count) fields)"
        case .function: "function"
        case .object(let object): "userdata (\(type(of: object)))"
        case .opaque(let reference): reference.typeName
        }
    }
}
