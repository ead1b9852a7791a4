import Foundation
import LoomScript

/// The one rule for the keys of a parameter table, shared by every Lua binding and the `loom`
/// command line's `--set`: a key the parameters do not have is an error that lists the keys they
/// do have, so a misspelled key (`loom.caves{ fill = 0.47 }`) never passes silently.
public enum ParameterKeys {
    /// `unknown parameter 'fill'; expected one of: connection, fillProbability, height, …`.
    public static func unknown(_ key: String, allowed: [String]) -> String {
        "unknown parameter '\(key)'; expected one of: \(allowed.joined(separator: ", "))"
    }

    /// Why a table or settings object did not decode, in one wording for Lua and the command
    /// line: `missing 'width'`, `'rule': rule 'B9' is not of the form …`, or the decoder's own
    /// words when no key is at fault.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(path(context.codingPath + [key]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let at = path(context.codingPath)
            return at.isEmpty ? context.debugDescription : "'\(at)': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Every key of a JSON object, nested objects' keys as `outer.inner`, sorted.
    public static func keys(of object: [String: Any], prefix: String = "") -> [String] {
        object.keys.sorted().flatMap { key -> [String] in
            if let nested = object[key] as? [String: Any], !nested.isEmpty {
                return keys(of: nested, prefix: prefix + key + ".")
            }
            return [prefix + key]
        }
    }

    /// The keys of `given` (dotted when nested) that `known` lacks. A nested table is compared
    /// key by key only where `known` holds a table there too (a value written in another form,
    /// such as a cellular rule given as a table and kept as `"B5678/S45678"`, is not compared).
    static func unknownKeys(_ given: [String: Any], known: [String: Any], prefix: String = "") -> [String] {
        given.keys.sorted().flatMap { key -> [String] in
            guard let value = known[key] else { return [prefix + key] }
            if let nestedGiven = given[key] as? [String: Any], let nestedKnown = value as? [String: Any] {
                return unknownKeys(nestedGiven, known: nestedKnown, prefix: prefix + key + ".")
            }
            return []
        }
    }
}

extension LuaTable {
    /// Refuses a string key of the table that is not one of `allowed`, with
    /// ``ParameterKeys/unknown(_:allowed:)``'s wording after `what` (`"names: unknown parameter
    /// 'orde'; expected one of: allow_listed, max, min, order, temperature"`). The array part
    /// is not checked.
    func checkKeys(_ allowed: [String], what: String) throws {
        for key in fields.keys.compactMap(\.stringValue).sorted() where !allowed.contains(key) {
            throw LuaError(.runtime, "\(what): \(ParameterKeys.unknown(key, allowed: allowed.sorted()))")
        }
        if let key = fields.keys.first(where: { $0.stringValue == nil }) {
            throw LuaError(.runtime, "\(what): key \(key) is not a parameter name")
        }
    }
}
