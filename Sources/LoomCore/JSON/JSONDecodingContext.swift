import Foundation

/// The options of one `LocatedJSONDecoder.decode` call and the conversions every container
/// shares: scalars out of located values, and the located errors when they don't fit.
final class JSONDecodingContext {
    let rejectsUnknownKeys: Bool
    let userInfo: [CodingUserInfoKey: Any]

    init(rejectsUnknownKeys: Bool, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.rejectsUnknownKeys = rejectsUnknownKeys
        self.userInfo = userInfo
    }

    /// Decodes a value of `type` from `node`, whose coding path is `path` (built only when a
    /// decoder or an error needs it).
    func decodeValue<T: Decodable>(
        _ type: T.Type, at node: LocatedJSON, path: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        // Generic code such as `[Element].init(from:)` asks for scalars through this generic
        // entry point: answering directly saves a decoder, a container and a path per element.
        // Each branch runs only when T is the very type converted, so the bit casts are identities.
        // No Optional<T> here: in unspecialised generic code its metadata costs a lookup per call.
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, at: node, path: path()), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(at: node, path: path()), to: T.self) }
        if T.self == String.self { return unsafeBitCast(try string(at: node, path: path()), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(at: node, path: path()), to: T.self) }
        if T.self == Float.self { return unsafeBitCast(try float(at: node, path: path()), to: T.self) }
        if T.self == UInt16.self { return unsafeBitCast(try integer(UInt16.self, at: node, path: path()), to: T.self) }
        if T.self == UInt8.self { return unsafeBitCast(try integer(UInt8.self, at: node, path: path()), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try integer(Int32.self, at: node, path: path()), to: T.self) }
        if T.self == UInt32.self { return unsafeBitCast(try integer(UInt32.self, at: node, path: path()), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try integer(Int64.self, at: node, path: path()), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try integer(UInt64.self, at: node, path: path()), to: T.self) }
        if T.self == Int16.self { return unsafeBitCast(try integer(Int16.self, at: node, path: path()), to: T.self) }
        if T.self == Int8.self { return unsafeBitCast(try integer(Int8.self, at: node, path: path()), to: T.self) }
        if T.self == UInt.self { return unsafeBitCast(try integer(UInt.self, at: node, path: path()), to: T.self) }
        // Foundation's JSONDecoder gives these types a JSON form of their own (default strategies).
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            return try decodeFoundationValue(type, at: node, path: path())
        }
        let decoder = JSONNodeDecoder(node: node, codingPath: path(), context: self)
        do {
            let value = try T(from: decoder)
            if rejectsUnknownKeys { try decoder.checkUnknownKeys() }
            return value
        } catch var error as LoomError where error.location == nil {
            error.location = node.location
            throw error
        }
    }

    private func decodeFoundationValue<T: Decodable>(
        _ type: T.Type, at node: LocatedJSON, path: [any CodingKey]
    ) throws -> T {
        if T.self == Decimal.self {
            guard case .number(let number) = node.value, let decimal = Decimal(string: number.description) else {
                throw mismatch(type, expected: "a number", at: node, path: path)
            }
            return decimal as! T  // T is Decimal here: the cast cannot fail.
        }
        let text = try string(at: node, path: path)
        if T.self == Data.self {
            guard let data = Data(base64Encoded: text) else {
                throw corrupted("\(Self.subject(path)) must be base64 text", at: node, path: path)
            }
            return data as! T  // T is Data here: the cast cannot fail.
        }
        guard let url = URL(string: text) else {
            throw corrupted("\(Self.subject(path)) must be a URL, found '\(text)'", at: node, path: path)
        }
        return url as! T  // T is URL here: the cast cannot fail.
    }

    // MARK: Scalars

    func bool(at node: LocatedJSON, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = node.value else {
            throw mismatch(Bool.self, expected: "true or false", at: node, path: path())
        }
        return flag
    }

    func string(at node: LocatedJSON, path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let text) = node.value else {
            throw mismatch(String.self, expected: "a string", at: node, path: path())
        }
        return text
    }

    func double(at node: LocatedJSON, path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case .number(let number) = node.value else {
            throw mismatch(Double.self, expected: "a number", at: node, path: path())
        }
        return number.double
    }

    func float(at node: LocatedJSON, path: @autoclosure () -> [any CodingKey]) throws -> Float {
        guard case .number(let number) = node.value else {
            throw mismatch(Float.self, expected: "a number", at: node, path: path())
        }
        let value = number.float
        guard value.isFinite else {
            throw corrupted(
                "\(Self.subject(path())) must be a number within Float's range, found \(number)", at: node, path: path()
            )
        }
        return value
    }

    func integer<T: FixedWidthInteger>(
        _ type: T.Type, at node: LocatedJSON, path: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        guard case .number(let number) = node.value else {
            throw mismatch(type, expected: "an integer", at: node, path: path())
        }
        guard let value = number.exactly(type) else {
            throw corrupted(
                "\(Self.subject(path())) must be an integer in \(T.min)...\(T.max), found \(number)",
                at: node, path: path())
        }
        return value
    }

    // MARK: Errors

    /// A `typeMismatch` (or `valueNotFound` for `null`) whose underlying error is located.
    func mismatch(_ type: Any.Type, expected: String, at node: LocatedJSON, path: [any CodingKey]) -> DecodingError {
        let message = "\(Self.subject(path)) must be \(expected), found \(node.typeDescription)"
        let context = DecodingError.Context(
            codingPath: path, debugDescription: message,
            underlyingError: LoomError(.semantic, message, at: node.location))
        return node.isNull ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }

    /// A `dataCorrupted` error with `message`, located at `location` (default: the node).
    func corrupted(
        _ message: String, at node: LocatedJSON, path: [any CodingKey], location: SourceLocation? = nil
    ) -> DecodingError {
        .dataCorrupted(
            DecodingError.Context(
                codingPath: path, debugDescription: message,
                underlyingError: LoomError(.semantic, message, at: location ?? node.location)))
    }

    /// How a message names the value at `path`: `'weight'`, `'tiles[3]'`, `the top-level value`.
    static func subject(_ path: [any CodingKey]) -> String {
        var suffix = ""
        for key in path.reversed() {
            if let key = key as? JSONKey, key.isIndex, let index = key.intValue {
                suffix = "[\(index)]" + suffix
            } else {
                return "'\(key.stringValue)\(suffix)'"
            }
        }
        return suffix.isEmpty ? "the top-level value" : "the value at \(suffix)"
    }
}

/// The coding keys this decoder makes: array positions (printed `Index 3`, as `JSONDecoder`
/// does) and names (`super`, unknown keys in errors).
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    var isIndex: Bool

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
        isIndex = false
    }

    init(intValue: Int) {
        self.init(index: intValue)
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
        isIndex = true
    }

    static let `super` = JSONKey(stringValue: "super")
}
