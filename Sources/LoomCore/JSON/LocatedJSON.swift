import Foundation

/// A parsed JSON value that remembers where in its file each value and each key began, so a
/// loader can point at the exact value that is wrong (`tiles.json:14:9`).
///
/// Parsing is strict RFC 8259: UTF-8 input (a leading byte-order mark is skipped), no comments,
/// no trailing commas, no leading zeros, every escape including surrogate pairs checked, and
/// duplicate keys in one object rejected with both locations. Errors are ``LoomError``s of
/// kind `.syntax` that print as `file:line:column: error: expected …, found …`.
///
/// Lines and columns are 1-based. Columns count Unicode scalars, not bytes or grapheme
/// clusters, and a tab counts as one column. Members keep their file order. Numbers keep
/// integers exact (see ``JSONNumber``). Nesting deeper than `maximumDepth` (default 512) is an
/// error rather than a stack overflow.
///
/// The parser scans bytes once (no per-character `String` work) and builds every array and
/// object at its final size. Each value costs about 64 bytes of tree; in a release build a
/// multi-megabyte file of typical content parses about six times faster than Foundation's
/// `JSONSerialization`, and long arrays of small integers about three times as fast
/// (`loom bench core --filter json`).
///
/// ```swift
/// let json = try LocatedJSON.parse(#"{"tiles": [{"name": "grass"}]}"#, file: "tiles.json")
/// let name = json["tiles"]?.elements?.first?["name"]
/// print(name?.string ?? "", name?.location ?? "")   // grass tiles.json:1:21
/// ```
public struct LocatedJSON: Hashable, Sendable {
    /// The content of a JSON value.
    public enum Value: Hashable, Sendable {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// A number, exact for integer literals.
        case number(JSONNumber)
        /// A string with its escapes decoded.
        case string(String)
        /// An array's elements, in order.
        case array([LocatedJSON])
        /// An object's members, in file order (keys are unique).
        case object([Member])
    }

    /// One `"key": value` pair of an object.
    public struct Member: Hashable, Sendable {
        /// The key with its escapes decoded.
        public var key: String
        /// Where the key's opening quote is.
        public var keyLocation: SourceLocation
        /// The member's value.
        public var value: LocatedJSON

        /// A member from its parts.
        public init(key: String, keyLocation: SourceLocation, value: LocatedJSON) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// What the value is.
    public var value: Value
    /// Where the value's first character is (`{`, `[`, `"`, a digit, `-`, `t`, `f` or `n`).
    public var location: SourceLocation

    /// A value at a location.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The largest default nesting depth of arrays and objects.
    public static let defaultMaximumDepth = 512

    /// Parses UTF-8 JSON bytes; `file` names the source in locations and errors.
    ///
    /// - Parameters:
    ///   - bytes: the UTF-8 text.
    ///   - file: the name locations and errors give. Default: `<json>`.
    ///   - maximumDepth: how deeply arrays and objects may nest. Default 512.
    /// - Throws: ``LoomError`` of kind `.syntax`, located at the offending character.
    public static func parse(
        _ bytes: [UInt8], file: String = "<json>", maximumDepth: Int = defaultMaximumDepth
    ) throws -> LocatedJSON {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer, file: file, maximumDepth: maximumDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses UTF-8 JSON data; `file` names the source in locations and errors.
    public static func parse(
        _ data: Data, file: String = "<json>", maximumDepth: Int = defaultMaximumDepth
    ) throws -> LocatedJSON {
        try data.withUnsafeBytes { raw in
            var parser = JSONParser(raw.bindMemory(to: UInt8.self), file: file, maximumDepth: maximumDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON text; `file` names the source in locations and errors.
    public static func parse(
        _ text: String, file: String = "<json>", maximumDepth: Int = defaultMaximumDepth
    ) throws -> LocatedJSON {
        var text = text
        return try text.withUTF8 { buffer in
            var parser = JSONParser(buffer, file: file, maximumDepth: maximumDepth)
            return try parser.parseDocument()
        }
    }

    /// Reads and parses the JSON file at `path`; errors name the path.
    public static func load(from path: String, maximumDepth: Int = defaultMaximumDepth) throws -> LocatedJSON {
        try parse(try AtomicFile.read(path), file: path, maximumDepth: maximumDepth)
    }
}

extension LocatedJSON {
    /// The members when this is an object, else `nil`.
    public var members: [Member]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// The elements when this is an array, else `nil`.
    public var elements: [LocatedJSON]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The text when this is a string, else `nil`.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The number when this is a number, else `nil`.
    public var number: JSONNumber? {
        if case .number(let number) = value { return number }
        return nil
    }

    /// The flag when this is `true` or `false`, else `nil`.
    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The value of the member called `key`, when this is an object that has one.
    /// A linear search: index ``members`` yourself for repeated lookups in large objects.
    public subscript(key: String) -> LocatedJSON? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A short description of the value's type for messages: `null`, `a boolean`, `a number`,
    /// `a string`, `an array` or `an object`.
    public var typeDescription: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
