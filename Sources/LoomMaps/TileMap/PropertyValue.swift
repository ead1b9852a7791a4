/// A custom property's value: a boolean, an integer, a number or a string.
///
/// Encoded as the plain JSON scalar (`true`, `3`, `0.5`, `"cave"`), and exported to Tiled with
/// the matching property type (`bool`, `int`, `float`, `string`).
public enum PropertyValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A boolean (`walkable`-style flags).
    case bool(Bool)
    /// A whole number (counts, costs).
    case int(Int)
    /// A number with a fraction (speeds, weights).
    case double(Double)
    /// Text (names, references to other annotations).
    case string(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a boolean, a number or a string")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    /// The Tiled property type name: `bool`, `int`, `float` or `string`.
    public var tiledType: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "string"
        }
    }

    public var description: String {
        switch self {
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        }
    }
}
