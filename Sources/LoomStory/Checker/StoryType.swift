/// The type of a story value, as Yarn Spinner has them.
public enum StoryType: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A 64-bit floating-point number (Yarn has one numeric type).
    case number
    /// Text.
    case string
    /// `true` or `false`.
    case bool
    /// A case of the named enum, stored as its raw value.
    case enumeration(String)
    /// Any of the above; only for the parameters of library functions such as `string(_:)`.
    case any

    public var description: String {
        switch self {
        case .number: "Number"
        case .string: "String"
        case .bool: "Bool"
        case .enumeration(let name): name
        case .any: "Any"
        }
    }

    /// The type named in `<<declare … as name>>`, for the built-in names.
    init?(builtinName name: String) {
        switch name.lowercased() {
        case "number": self = .number
        case "string": self = .string
        case "bool": self = .bool
        default: return nil
        }
    }
}
