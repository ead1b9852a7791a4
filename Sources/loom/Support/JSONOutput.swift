import Foundation
import Loom

/// The `--json` output of `check`, `play`, `generate` and `ink play`: one compact JSON object
/// per line, keys sorted, so scripts read it with any JSON parser (and `jq -c`).
enum JSONOutput {
    /// Prints `object` as one line of JSON on standard output.
    static func print(_ object: [String: Any]) {
        Swift.print(line(object))
    }

    /// `object` as one line of JSON, keys sorted, slashes unescaped.
    static func line(_ object: [String: Any]) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// What a `generate` command wrote: `{"kind": "caves", "file": "caves.png", "width": 80,
    /// "height": 50, "seed": "42", "hash": "…"}` (the seed's 64 bits in decimal, the map's
    /// ``TileMap/stableHash`` in hex), with `extra`'s keys added.
    static func wrote(
        _ kind: String, file: String, map: TileMap, seed: Seed, extra: [String: Any] = [:]
    ) -> [String: Any] {
        var object: [String: Any] = [
            "kind": kind, "file": file, "width": map.width, "height": map.height, "seed": seed.description,
            "hash": String(map.stableHash, radix: 16),
        ]
        object.merge(extra) { _, added in added }
        return object
    }

    /// A `Codable` value (metrics, parameters) as a JSON object for a `--json` line.
    static func value<T: Encodable>(_ value: T) -> Any {
        guard let data = try? JSONEncoder().encode(value), let object = try? JSONSerialization.jsonObject(with: data)
        else { return NSNull() }
        return object
    }

    /// `{"severity": "error", "message": "…", "file": "story/a.yarn", "line": 4, "column": 9}`;
    /// `file`, `line` and `column` only where the diagnostic has them (a line or column of 0 is absent).
    static func diagnostic(_ diagnostic: Diagnostic) -> [String: Any] {
        var object: [String: Any] = ["severity": diagnostic.severity.rawValue, "message": diagnostic.message]
        if let location = diagnostic.location {
            object["file"] = location.file
            if location.line > 0 { object["line"] = location.line }
            if location.column > 0 { object["column"] = location.column }
        }
        return object
    }
}
