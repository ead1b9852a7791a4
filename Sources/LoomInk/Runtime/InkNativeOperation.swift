import Foundation

/// ink's built-in operations, named by their JSON spelling.
public enum InkNativeOperation: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case divide = "/"
    case multiply = "*"
    case modulo = "%"
    case negate = "_"
    case equal = "=="
    case greater = ">"
    case less = "<"
    case greaterOrEqual = ">="
    case lessOrEqual = "<="
    case notEqual = "!="
    case not = "!"
    case and = "&&"
    case or = "||"
    case min = "MIN"
    case max = "MAX"
    case pow = "POW"
    case floor = "FLOOR"
    case ceiling = "CEILING"
    case int = "INT"
    case float = "FLOAT"
    case has = "?"
    case hasNot = "!?"
    case intersect = "L^"
    case listMin = "LIST_MIN"
    case listMax = "LIST_MAX"
    case listAll = "LIST_ALL"
    case listCount = "LIST_COUNT"
    case listValue = "LIST_VALUE"
    case listInvert = "LIST_INVERT"

    /// How many operands the operation pops.
    public var arity: Int {
        switch self {
        case .negate, .not, .floor, .ceiling, .int, .float, .listMin, .listMax, .listAll, .listCount,
            .listValue, .listInvert:
            1
        default: 2
        }
    }

    /// Applies the operation to its operands (first operand first).
    func call(_ operands: [InkValue], lists: InkListDefinitions) throws -> InkValue {
        if operands.count == 2, operands.contains(where: { if case .list = $0 { true } else { false } }) {
            return try callWithList(operands, lists: lists)
        }
        let coerced = try coerce(operands, lists: lists)
        if arity == 1 { return try unary(coerced[0], lists: lists) }
        return try binary(coerced[0], coerced[1])
    }

    private func coerce(_ operands: [InkValue], lists: InkListDefinitions) throws -> [InkValue] {
        var rank = 0
        var listContext: InkList?
        for operand in operands {
            if operand.rank > rank { rank = operand.rank }
            if case .list(let list) = operand { listContext = list }
        }
        return try operands.map { try $0.cast(toRank: rank, listContext: listContext, lists: lists) }
    }

    private func unsupported(_ value: InkValue) -> InkRuntimeError {
        InkRuntimeError("cannot perform operation '\(rawValue)' on \(value.typeName)")
    }

    private func unary(_ value: InkValue, lists: InkListDefinitions) throws -> InkValue {
        switch (self, value) {
        case (.negate, .int(let x)): return .int(0 &- x)
        case (.negate, .float(let x)): return .float(-x)
        case (.not, .int(let x)): return .bool(x == 0)
        case (.not, .float(let x)): return .bool(x == 0)
        case (.not, .bool(let x)): return .bool(!x)
        case (.not, .list(let list)): return .bool(list.isEmpty)
        case (.negate, .bool(let x)): return .int(x ? -1 : 0)
        case (.floor, .int), (.ceiling, .int), (.int, .int): return value
        case (.floor, .float(let x)): return .float(x.rounded(.down))
        case (.ceiling, .float(let x)): return .float(x.rounded(.up))
        case (.int, .float(let x)): return .int(Int(exactly: x.rounded(.towardZero)) ?? 0)
        case (.float, .int(let x)): return .float(Float(x))
        case (.float, .float): return value
        case (.floor, .bool(let x)), (.ceiling, .bool(let x)), (.int, .bool(let x)): return .int(x ? 1 : 0)
        case (.float, .bool(let x)): return .float(x ? 1 : 0)
        case (.listMin, .list(let list)):
            return .list(list.minItem.map { InkList(single: $0.item, value: $0.value) } ?? InkList())
        case (.listMax, .list(let list)):
            return .list(list.maxItem.map { InkList(single: $0.item, value: $0.value) } ?? InkList())
        case (.listAll, .list(let list)): return .list(lists.all(of: list.originNames))
        case (.listCount, .list(let list)): return .int(list.count)
        case (.listValue, .list(let list)): return .int(list.maxItem?.value ?? 0)
        case (.listInvert, .list(let list)): return .list(lists.all(of: list.originNames).subtracting(list))
        default: throw unsupported(value)
        }
    }

    private func binary(_ a: InkValue, _ b: InkValue) throws -> InkValue {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try integers(x, y)
        case (.bool(let x), .bool(let y)): return try integers(x ? 1 : 0, y ? 1 : 0)
        case (.float(let x), .float(let y)): return try floats(x, y)
        case (.string(let x), .string(let y)):
            switch self {
            case .add: return .string(x + y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .has: return .bool(y.isEmpty || x.contains(y))
            case .hasNot: return .bool(!(y.isEmpty || x.contains(y)))
            default: throw unsupported(a)
            }
        case (.divertTarget(let x), .divertTarget(let y)):
            switch self {
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            default: throw unsupported(a)
            }
        default: throw unsupported(a)
        }
    }

    func integers(_ x: Int, _ y: Int) throws -> InkValue {
        switch self {
        case .add: return .int(x &+ y)
        case .subtract: return .int(x &- y)
        case .multiply: return .int(x &* y)
        case .divide:
            guard y != 0 else { throw InkRuntimeError("attempted to divide by zero") }
            return .int(x.dividedReportingOverflow(by: y).partialValue)
        case .modulo:
            guard y != 0 else { throw InkRuntimeError("attempted to divide by zero") }
            return .int(x.remainderReportingOverflow(dividingBy: y).partialValue)
        case .min: return .int(Swift.min(x, y))
        case .max: return .int(Swift.max(x, y))
        case .pow: return .float(Float(Foundation.pow(Double(x), Double(y))))
        default:
            guard let truth = compare(x, y) else { throw unsupported(.int(x)) }
            return .bool(truth)
        }
    }

    private func floats(_ x: Float, _ y: Float) throws -> InkValue {
        switch self {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide: return .float(x / y)
        case .modulo: return .float(fmodf(x, y))
        case .min: return .float(Swift.min(x, y))
        case .max: return .float(Swift.max(x, y))
        case .pow: return .float(Foundation.pow(x, y))
        default:
            guard let truth = compare(x, y) else { throw unsupported(.float(x)) }
            return .bool(truth)
        }
    }

    /// The comparisons and logic operators on two numbers of one type (ints and bools as ints,
    /// or floats): `nil` for an operation that is not one of them.
    private func compare<Number: Comparable & ExpressibleByIntegerLiteral>(_ x: Number, _ y: Number) -> Bool? {
        switch self {
        case .equal: return x == y
        case .notEqual: return x != y
        case .greater: return x > y
        case .less: return x < y
        case .greaterOrEqual: return x >= y
        case .lessOrEqual: return x <= y
        case .and: return x != 0 && y != 0
        case .or: return x != 0 || y != 0
        default: return nil
        }
    }

    private func callWithList(_ operands: [InkValue], lists: InkListDefinitions) throws -> InkValue {
        let (a, b) = (operands[0], operands[1])
        if self == .add || self == .subtract, case .list(let list) = a, case .int(let step) = b {
            var result = InkList()
            result.originNames = list.originNames
            for entry in list.items {
                let wanted = self == .add ? entry.value &+ step : entry.value &- step
                if let item = lists.definitions[entry.item.origin]?.item(withValue: wanted) {
                    result.insert(item, value: wanted)
                }
            }
            return .list(result)
        }
        if self == .and || self == .or {
            if case .list = a, case .list = b {
            } else {
                let x = try a.isTruthy()
                let y = try b.isTruthy()
                return .bool(self == .and ? x && y : x || y)
            }
        }
        let coerced = try coerce(operands, lists: lists)
        guard case .list(let x) = coerced[0], case .list(let y) = coerced[1] else { throw unsupported(a) }
        switch self {
        case .add: return .list(x.union(y))
        case .subtract: return .list(x.subtracting(y))
        case .intersect: return .list(x.intersection(y))
        case .has: return .bool(x.containsAll(y))
        case .hasNot: return .bool(!x.containsAll(y))
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .and: return .bool(!x.isEmpty && !y.isEmpty)
        case .or: return .bool(!x.isEmpty || !y.isEmpty)
        case .greater:
            if x.isEmpty { return .bool(false) }
            if y.isEmpty { return .bool(true) }
            return .bool(x.minItem!.value > y.maxItem!.value)
        case .less:
            if y.isEmpty { return .bool(false) }
            if x.isEmpty { return .bool(true) }
            return .bool(x.maxItem!.value < y.minItem!.value)
        case .greaterOrEqual:
            if x.isEmpty { return .bool(false) }
            if y.isEmpty { return .bool(true) }
            return .bool(x.minItem!.value >= y.minItem!.value && x.maxItem!.value >= y.maxItem!.value)
        case .lessOrEqual:
            if y.isEmpty { return .bool(false) }
            if x.isEmpty { return .bool(true) }
            return .bool(x.maxItem!.value <= y.maxItem!.value && x.minItem!.value <= y.minItem!.value)
        case .min, .max:
            if x.isEmpty { return .list(y) }
            if y.isEmpty { return .list(x) }
            let pick =
                self == .min
                ? (x.minItem!.value <= y.minItem!.value ? x : y) : (x.maxItem!.value >= y.maxItem!.value ? x : y)
            return .list(pick)
        default: throw unsupported(a)
        }
    }
}
