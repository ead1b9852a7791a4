import Foundation
import Loom

/// `--set key=value` on every command that takes settings (`loom generate KIND`, `loom noise`):
/// each value replaces the one under its key (dotted for nested settings, `elevation.octaves`)
/// in the JSON form of the settings, converted to the type of the value it replaces.
enum SettingOverrides {
    /// Applies `settings` to `object`.
    ///
    /// - Parameters:
    ///   - choices: for a key whose values are names, the names allowed.
    ///   - optionalKeys: keys whose values are read as JSON when they are JSON, else as text,
    ///     whatever `object` holds there: settings that are off by default, and settings such as
    ///     a seed that take a number or text.
    /// - Throws: `.invalidArgument` for a setting that is not `key=value`, an unknown key (with
    ///   the keys allowed, as the Lua bindings list them), a name outside `choices`, or a value
    ///   of the wrong type (with an example of the right one).
    static func apply(
        _ settings: [String], to object: inout [String: Any], choices: [String: [String]] = [:],
        optionalKeys: [String] = []
    ) throws {
        let allowed = Set(ParameterKeys.keys(of: object) + optionalKeys).sorted()
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw LoomError(
                    .invalidArgument, "--set '\(setting)' is not key=value; keys: \(allowed.joined(separator: ", "))")
            }
            let key = String(setting[..<equals]), text = String(setting[setting.index(after: equals)...])
            if let options = choices[key], !options.contains(text) {
                throw LoomError(
                    .invalidArgument,
                    "'\(text)' is not a valid \(key); expected one of: \(options.joined(separator: ", "))")
            }
            if optionalKeys.contains(key) {
                object[key] = jsonValue(text)
                continue
            }
            try set(key.split(separator: ".").map(String.init), in: &object, to: text, fullKey: key, allowed: allowed)
        }
    }

    /// A JSON value when the text is one (a number, `true`, `null`, a quoted string), else the text.
    static func jsonValue(_ text: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
    }

    /// Sets the value at a dotted key path, converting `text` to the type the value there has.
    private static func set(
        _ path: [String], in object: inout [String: Any], to text: String, fullKey: String, allowed: [String]
    ) throws {
        let unknown = LoomError(.invalidArgument, ParameterKeys.unknown(fullKey, allowed: allowed))
        guard let key = path.first, let current = object[key] else { throw unknown }
        if path.count > 1 {
            guard var nested = current as? [String: Any] else { throw unknown }
            try set(Array(path.dropFirst()), in: &nested, to: text, fullKey: fullKey, allowed: allowed)
            object[key] = nested
            return
        }
        if current is [String: Any] { throw unknown }
        if current is String {
            object[key] = text
        } else if let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed),
            !(value is String)
        {
            object[key] = value
        } else {
            throw LoomError(.invalidArgument, "'\(text)' is not a valid \(fullKey); expected \(describe(current))")
        }
    }

    /// "a value like 0.45": the current value, in the JSON form `--set` takes.
    private static func describe(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed) else {
            return "a JSON value"
        }
        return "a value like \(String(decoding: data, as: UTF8.self))"
    }
}
