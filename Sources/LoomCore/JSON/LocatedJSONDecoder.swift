import Foundation

/// Decodes any `Decodable` type from JSON, reporting every failure at the line and column of
/// the value that caused it.
///
/// A drop-in for Foundation's `JSONDecoder` (default strategies) with better errors: for valid
/// input it gives the same values — integers exact to 64 bits, `1.0` accepted as an `Int`,
/// `Data` as base64, `URL` as a string, `Date` as seconds since 2001 — and for bad input it
/// throws a ``LoomError`` such as
///
/// ```
/// tiles.json:14:9: error: 'weight' must be a number, found a string
/// tiles.json:3:5: error: missing key 'tiles' in the object that starts here
/// ```
///
/// Malformed JSON fails first with the parser's `.syntax` error (see ``LocatedJSON``); a value
/// of the wrong type, a missing key or an out-of-range number is a `.semantic` error. When a
/// type's own `init(from:)` throws `DecodingError.dataCorrupted` (or any `DecodingError`), its
/// message is kept and located at the value its coding path names; a ``LoomError`` it throws
/// without a location gets the location of the value being decoded.
///
/// Inside `init(from:)` the containers throw ordinary `DecodingError`s, so code that catches
/// them (`try?` fallbacks, `catch DecodingError.keyNotFound`) behaves as with `JSONDecoder`;
/// the located ``LoomError`` is their `underlyingError`.
///
/// ```swift
/// struct Settings: Codable { var attempts: Int }
/// let settings = try LocatedJSONDecoder(rejectsUnknownKeys: true)
///     .decode(Settings.self, from: data, file: "settings.json")
/// ```
public struct LocatedJSONDecoder: Sendable {
    /// Whether an object member that the decoded type never reads is an error. Default: `false`.
    ///
    /// The error names the key, is located at it, and lists the keys the type read (all the
    /// cases of its `CodingKeys` when they are `CaseIterable`), suggesting a near spelling.
    /// A type that reads some keys only in some cases (a `kind` field choosing the rest) should
    /// make its `CodingKeys` `CaseIterable`; dictionaries accept every key.
    public var rejectsUnknownKeys: Bool
    /// How deeply arrays and objects may nest. Default: ``LocatedJSON/defaultMaximumDepth`` (512).
    public var maximumDepth: Int
    /// Values handed to `init(from:)` through `Decoder.userInfo`. Default: empty.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// A decoder; every option has the default documented on its property.
    public init(
        rejectsUnknownKeys: Bool = false, maximumDepth: Int = LocatedJSON.defaultMaximumDepth,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) {
        self.rejectsUnknownKeys = rejectsUnknownKeys
        self.maximumDepth = maximumDepth
        self.userInfo = userInfo
    }

    /// Decodes `type` from UTF-8 JSON data; `file` names the source in errors.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String = "<json>") throws -> T {
        try decode(type, from: try LocatedJSON.parse(data, file: file, maximumDepth: maximumDepth))
    }

    /// Decodes `type` from JSON text; `file` names the source in errors.
    public func decode<T: Decodable>(_ type: T.Type, from text: String, file: String = "<json>") throws -> T {
        try decode(type, from: try LocatedJSON.parse(text, file: file, maximumDepth: maximumDepth))
    }

    /// Reads the JSON file at `path` and decodes `type` from it; errors name the path.
    public func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws -> T {
        try decode(type, from: try AtomicFile.read(path), file: path)
    }

    /// Decodes `type` from an already parsed tree.
    public func decode<T: Decodable>(_ type: T.Type, from json: LocatedJSON) throws -> T {
        let context = JSONDecodingContext(rejectsUnknownKeys: rejectsUnknownKeys, userInfo: userInfo)
        do {
            return try context.decodeValue(type, at: json, path: [])
        } catch let error as DecodingError {
            throw Self.locate(error, in: json)
        }
    }

    /// Turns a `DecodingError` into a located ``LoomError``: the containers' own errors carry
    /// one; any other is placed at the deepest value its coding path reaches.
    static func locate(_ error: DecodingError, in root: LocatedJSON) -> LoomError {
        let context: DecodingError.Context
        var message: String
        switch error {
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .dataCorrupted(let found):
            context = found
            message = found.debugDescription
        case .keyNotFound(let key, let found):
            context = found
            message = "missing key '\(key.stringValue)' in the object that starts here"
        @unknown default:
            return LoomError(.semantic, "\(error)", at: root.location)
        }
        let node = root.descendant(at: context.codingPath)
        if var underlying = context.underlyingError as? LoomError {
            if underlying.location == nil { underlying.location = node.location }
            return underlying
        }
        if message.isEmpty { message = "\(JSONDecodingContext.subject(context.codingPath)) is not valid here" }
        return LoomError(.semantic, message, at: node.location)
    }
}

extension LocatedJSON {
    /// The deepest value along `path` (object keys by name, array elements by index).
    func descendant(at path: [any CodingKey]) -> LocatedJSON {
        var node = self
        for key in path {
            switch node.value {
            case .object(let members):
                guard let member = members.first(where: { $0.key == key.stringValue }) else { return node }
                node = member.value
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return node }
                node = elements[index]
            default:
                return node
            }
        }
        return node
    }
}
