/// A value a story computes with: a number, a string or a bool (enums are stored as raw values).
public enum StoryValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)

    /// The text a line shows for this value: numbers without a trailing `.0`, bools as `True`/`False`
    /// (Yarn Spinner's spelling).
    public var description: String {
        switch self {
        case .number(let value): StoryValue.format(value)
        case .string(let value): value
        case .bool(let value): value ? "True" : "False"
        }
    }

    /// Formats a number the way Yarn Spinner shows it: integers without a decimal point.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description.replacingOccurrences(of: "e", with: "E")
    }

    /// The value as a number: bools give 1 or 0, strings parse or give 0.
    public var numberValue: Double {
        switch self {
        case .number(let value): value
        case .bool(let value): value ? 1 : 0
        case .string(let value): Double(value.trimmingWhitespace()) ?? 0
        }
    }

    /// The value as a bool: non-zero numbers and non-empty strings (other than "false") are true.
    public var boolValue: Bool {
        switch self {
        case .bool(let value): value
        case .number(let value): value != 0 && !value.isNaN
        case .string(let value): !value.isEmpty && value.lowercased() != "false"
        }
    }

    /// The type of the value.
    public var type: StoryType {
        switch self {
        case .number: .number
        case .string: .string
        case .bool: .bool
        }
    }

    /// The value a variable of a built-in type starts with: 0, "" or false.
    static func defaultValue(for type: StoryType) -> StoryValue {
        switch type {
        case .string: .string("")
        case .bool: .bool(false)
        default: .number(0)
        }
    }
}
