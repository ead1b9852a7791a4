import Foundation

/// The meaning of the binary operators on story values, shared by the compiler's constant
/// folding and the runner.
enum Operators {
    static func apply(_ op: BinaryOperator, _ a: StoryValue, _ b: StoryValue) -> StoryValue {
        switch op {
        case .add:
            if case .number(let x) = a, case .number(let y) = b { return .number(x + y) }
            return .string(a.description + b.description)
        case .subtract: return .number(a.numberValue - b.numberValue)
        case .multiply: return .number(a.numberValue * b.numberValue)
        case .divide: return .number(a.numberValue / b.numberValue)
        case .modulo: return .number(a.numberValue.truncatingRemainder(dividingBy: b.numberValue))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a.numberValue < b.numberValue)
        case .greater: return .bool(a.numberValue > b.numberValue)
        case .lessOrEqual: return .bool(a.numberValue <= b.numberValue)
        case .greaterOrEqual: return .bool(a.numberValue >= b.numberValue)
        case .and: return .bool(a.boolValue && b.boolValue)
        case .or: return .bool(a.boolValue || b.boolValue)
        case .xor: return .bool(a.boolValue != b.boolValue)
        }
    }
}
