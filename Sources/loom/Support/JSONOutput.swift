import Foundation
import Loom

/// The `--json` output of `check`, `play` and `generate`: one compact JSON object per line,
/// keys sorted, so scripts read it with any JSON parser (and `jq -c`).
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
