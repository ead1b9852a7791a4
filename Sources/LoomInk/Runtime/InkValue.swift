import Foundation

/// A value an ink story computes with: what variables hold and expressions produce.
///
/// The cases and their order of precedence in mixed arithmetic follow ink's runtime: a bool
/// meets an int as an int, an int meets a float as a float, and anything meets a string as a
/// string (`"a" + 1` is `"a1"`). Floats are 32-bit, as in ink, so `2.0 / 3` prints `0.6666667`.
public enum InkValue: Hashable, Sendable, CustomStringConvertible {
    /// `true` or `false` (ink 1.1 and later write comparisons as bools).
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A 32-bit floating-point number.
    case float(Float)
    /// A list value: a set of items from one or more `LIST` definitions.
    case list(InkList)
    /// Text.
    case string(String)
    /// A divert target (`-> knot.stitch`), as a path in the story's container tree.
    case divertTarget(String)
    /// A reference to a variable (`ref` parameters); `context` is 0 for a global, `n` for the
    /// temporaries of the call stack's `n`-th element, -1 while unresolved.
    case variablePointer(String, context: Int)

    /// The rank used to coerce two values to one type before an operation.
    var rank: Int {
        switch self {
        case .bool: -1
        case .int: 0
        case .float: 1
        case .list: 2
        case .string: 3
        case .divertTarget: 4
        case .variablePointer: 5
        }
    }

    /// Whether the value counts as true in a condition.
    func isTruthy() throws -> Bool {
        switch self {
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .float(let number): return number != 0
        case .list(let list): return !list.isEmpty
        case .string(let text): return !text.isEmpty
        case .divertTarget:
            throw InkRuntimeError(
                "shouldn't use a divert target as a conditional value; did you intend a function call 'likeThis()' or a read count check 'likeThis'? (no arrows)"
            )
        case .variablePointer:
            throw InkRuntimeError("shouldn't use a variable pointer as a conditional value")
        }
    }

    /// The value as ink prints it.
    public var description: String {
        switch self {
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .float(let number): InkValue.format(number)
        case .list(let list): list.description
        case .string(let text): text
        case .divertTarget(let path): "DivertTargetValue(\(path))"
        case .variablePointer(let name, _): "VariablePointerValue(\(name))"
        }
    }

    /// Formats a float the way ink's reference runtime does: the shortest text that reads back
    /// as the same 32-bit float, without a trailing `.0` on whole numbers.
    static func format(_ number: Float) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        var text = number.description
        if let exponent = text.firstIndex(of: "e") {
            var mantissa = String(text[..<exponent])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            var power = String(text[text.index(after: exponent)...])
            var sign = "+"
            if power.hasPrefix("-") {
                sign = "-"
                power.removeFirst()
            } else if power.hasPrefix("+") {
                power.removeFirst()
            }
            while power.count < 2 { power = "0" + power }
            text = mantissa + "E" + sign + power
        }
        return text
    }

    /// The value converted to `rank`'s type, as ink coerces operands; `listContext` supplies the
    /// origins an int becomes a list item of.
    func cast(toRank target: Int, listContext: InkList?, lists: InkListDefinitions) throws -> InkValue {
        if target == rank { return self }
        switch (self, target) {
        case (.bool(let flag), 0): return .int(flag ? 1 : 0)
        case (.bool(let flag), 1): return .float(flag ? 1 : 0)
        case (.bool(let flag), 3): return .string(flag ? "true" : "false")
        case (.int(let number), -1): return .bool(number != 0)
        case (.int(let number), 1): return .float(Float(number))
        case (.int(let number), 3): return .string(String(number))
        case (.int(let number), 2):
            for origin in listContext?.originNames ?? [] {
                if let item = lists.definitions[origin]?.item(withValue: number) {
                    return .list(InkList(single: item, value: number))
                }
            }
            throw InkRuntimeError("could not find a list item with the value \(number); cannot convert to a list")
        case (.float(let number), -1): return .bool(number != 0)
        case (.float(let number), 0): return .int(Int(exactly: number.rounded(.towardZero)) ?? 0)
        case (.float(let number), 3): return .string(InkValue.format(number))
        case (.string(let text), 0):
            if let number = Int(text) { return .int(number) }
        case (.string(let text), 1):
            if let number = Float(text) { return .float(number) }
        default: break
        }
        throw InkRuntimeError("can't convert \(typeName) to \(InkValue.typeName(rank: target))")
    }

    /// The type's name for messages.
    var typeName: String { InkValue.typeName(rank: rank) }

    static func typeName(rank: Int) -> String {
        switch rank {
        case -1: "Bool"
        case 0: "Int"
        case 1: "Float"
        case 2: "List"
        case 3: "String"
        case 4: "DivertTarget"
        default: "VariablePointer"
        }
    }
}

/// An error raised while a story runs; the runner records it and stops.
struct InkRuntimeError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
