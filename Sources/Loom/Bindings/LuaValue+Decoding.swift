import Foundation
import LoomScript

extension LuaValue {
    /// The value as a JSON-compatible Foundation object: tables with only an array part become
    /// arrays, other tables dictionaries keyed by their string keys; functions and objects are refused.
    func jsonObject(path: String = "") throws -> Any {
        switch self {
        case .nil: return NSNull()
        case .boolean(let value): return value
        case .integer(let value): return value
        case .number(let value): return value
        case .string(let value): return value
        case .table(let table):
            if table.fields.isEmpty && !table.array.isEmpty {
                return try table.array.enumerated().map { try $1.jsonObject(path: "\(path)[\($0 + 1)]") }
            }
            var result: [String: Any] = [:]
            for (key, value) in table.fields {
                guard let name = key.stringValue else {
                    throw LuaError(.runtime, "parameter table key \(key) at '\(path)' is not a string")
                }
                result[name] = try value.jsonObject(path: path.isEmpty ? name : "\(path).\(name)")
            }
            return result
        default:
            throw LuaError(.runtime, "parameter '\(path)' cannot be a \(self)")
        }
    }

    /// Decodes a Codable parameter struct (such as `DungeonParameters`) from a Lua table, with
    /// the struct's own defaults for missing keys. A key the struct does not have is an error
    /// listing the keys it has (``ParameterKeys``): the decoded value, encoded again, must hold
    /// every key the table gave.
    ///
    /// `defaults`, when given, is checked against before decoding, for a type whose own decoder
    /// refuses unknown keys in other words (`NoiseGenerator`).
    func decode<T: Codable>(_ type: T.Type, what: String, defaults: T? = nil) throws -> T {
        let object: Any = self == .nil ? [String: Any]() : try jsonObject()
        if let defaults, let given = object as? [String: Any], !given.isEmpty,
            let known = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(defaults)) as? [String: Any],
            let key = ParameterKeys.unknownKeys(given, known: known).first
        {
            throw LuaError(
                .runtime,
                "bad \(what) parameters: \(ParameterKeys.unknown(key, allowed: ParameterKeys.keys(of: known)))")
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
            let value = try JSONDecoder().decode(T.self, from: data)
            if let given = object as? [String: Any], !given.isEmpty,
                let known = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any],
                let key = ParameterKeys.unknownKeys(given, known: known).first
            {
                throw LuaError(
                    .runtime,
                    "bad \(what) parameters: \(ParameterKeys.unknown(key, allowed: ParameterKeys.keys(of: known)))")
            }
            return value
        } catch let error as LuaError {
            throw error
        } catch let error as LoomError {
            throw LuaError(.runtime, "bad \(what) parameters: \(error.message)")
        } catch let error as DecodingError {
            throw LuaError(.runtime, "bad \(what) parameters: \(ParameterKeys.describe(error))")
        } catch {
            throw LuaError(.runtime, "bad \(what) parameters: \(error)")
        }
    }
}
