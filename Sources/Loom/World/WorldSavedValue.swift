import LoomCore
import LoomScript

/// A plain Lua value as a world save keeps it: what `world.lua`'s savable `state` table may hold.
///
/// The savable state is the global `state` table `world.lua` declares: numbers (integers and
/// floats stay apart, so `38` does not come back as `38.0`), strings, booleans, and tables of
/// those under string or integer keys. Functions, userdata (a map, a random source) and tables
/// under other keys cannot be saved; ``WorldSession/save()`` refuses them with an error naming
/// the key path (`state.player.rng`).
///
/// In JSON each value is a one-key object that says its type: `{"int":38}`, `{"float":…}`
/// (the IEEE 754 bits, so every float comes back exactly), `{"string":"Stead"}`,
/// `{"bool":true}`, `{"table":[…]}` (entries in a fixed order: the sequence, then integer
/// keys, then string keys, sorted).
public indirect enum WorldSavedValue: Hashable, Sendable, Codable {
    /// A Lua integer.
    case integer(Int)
    /// A Lua float.
    case float(Double)
    /// A string.
    case string(String)
    /// A boolean.
    case boolean(Bool)
    /// A table: its entries in the fixed order described above.
    case table([Entry])

    /// One entry of a saved table.
    public struct Entry: Hashable, Sendable, Codable {
        /// The key: an integer or a string.
        public var key: Key
        /// The value under it.
        public var value: WorldSavedValue

        /// An entry.
        public init(key: Key, value: WorldSavedValue) {
            self.key = key
            self.value = value
        }
    }

    /// A table key a save can hold.
    public enum Key: Hashable, Sendable, Codable {
        /// An integer key (a sequence index or another integer).
        case integer(Int)
        /// A string key.
        case string(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .integer(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .integer(let number): try container.encode(number)
            case .string(let text): try container.encode(text)
            }
        }

        var luaValue: LuaValue {
            switch self {
            case .integer(let number): .integer(number)
            case .string(let text): .string(text)
            }
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case int, float, string, bool, table }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a saved Lua value is one of {\"int\"}, {\"float\"}, {\"string\"}, "
                        + "{\"bool\"} or {\"table\"}"))
        }
        switch key {
        case .int: self = .integer(try container.decode(Int.self, forKey: .int))
        case .float: self = .float(Double(bitPattern: try container.decode(UInt64.self, forKey: .float)))
        case .string: self = .string(try container.decode(String.self, forKey: .string))
        case .bool: self = .boolean(try container.decode(Bool.self, forKey: .bool))
        case .table: self = .table(try container.decode([Entry].self, forKey: .table))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .integer(let number): try container.encode(number, forKey: .int)
        case .float(let number): try container.encode(number.bitPattern, forKey: .float)
        case .string(let text): try container.encode(text, forKey: .string)
        case .boolean(let flag): try container.encode(flag, forKey: .bool)
        case .table(let entries): try container.encode(entries, forKey: .table)
        }
    }

    /// The value for Lua.
    public var luaValue: LuaValue {
        switch self {
        case .integer(let number): return .integer(number)
        case .float(let number): return .number(number)
        case .string(let text): return .string(text)
        case .boolean(let flag): return .boolean(flag)
        case .table(let entries):
            var array: [LuaValue] = []
            var fields: [LuaValue: LuaValue] = [:]
            for entry in entries {
                if case .integer(let index) = entry.key, index == array.count + 1, fields.isEmpty {
                    array.append(entry.value.luaValue)
                } else {
                    fields[entry.key.luaValue] = entry.value.luaValue
                }
            }
            return .table(LuaTable(array: array, anyFields: fields))
        }
    }

    /// Converts a Lua value, refusing what a save cannot hold.
    ///
    /// - Parameters:
    ///   - value: the Lua value to save.
    ///   - path: the value's key path for errors (`state.player`).
    ///   - location: where errors about values without a place of their own are located.
    /// - Throws: a `.world` error naming the key path; a function's error is located at its
    ///   definition.
    public init(_ value: LuaValue, path: String, at location: SourceLocation) throws {
        func refuse(_ what: String, at place: SourceLocation? = nil) -> LoomError {
            LoomError(
                .world,
                "\(path) is \(what); the savable state holds only numbers, strings, booleans and tables of them",
                at: place ?? location)
        }
        switch value {
        case .integer(let number): self = .integer(number)
        case .number(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .boolean(let flag): self = .boolean(flag)
        case .nil: throw refuse("nil")
        case .function(let function): throw refuse("a function", at: function.definition)
        case .object, .opaque: throw refuse("a \(value.typeName)")
        case .table(let table):
            var entries: [Entry] = []
            for (index, element) in table.array.enumerated() {
                let value = try WorldSavedValue(element, path: "\(path)[\(index + 1)]", at: location)
                entries.append(Entry(key: .integer(index + 1), value: value))
            }
            var integers: [(Int, LuaValue)] = []
            var strings: [(String, LuaValue)] = []
            for (key, element) in table.fields {
                switch key {
                case .integer(let number): integers.append((number, element))
                case .string(let name): strings.append((name, element))
                default:
                    throw refuse("a table with a \(key.typeName) key (only string and integer keys are saved)")
                }
            }
            for (number, element) in integers.sorted(by: { $0.0 < $1.0 }) {
                let value = try WorldSavedValue(element, path: "\(path)[\(number)]", at: location)
                entries.append(Entry(key: .integer(number), value: value))
            }
            for (name, element) in strings.sorted(by: { $0.0 < $1.0 }) {
                let value = try WorldSavedValue(element, path: "\(path).\(name)", at: location)
                entries.append(Entry(key: .string(name), value: value))
            }
            self = .table(entries)
        }
    }
}
