import Foundation
import LoomCore

extension StoryRunner {
    /// Runs a standard-library function.
    func call(_ builtin: Builtin, _ arguments: [StoryValue]) throws -> StoryValue {
        func number(_ index: Int) -> Double { arguments[index].numberValue }
        switch builtin {
        case .visited: return .bool(visitCount(of: arguments[0].description) > 0)
        case .visitedCount: return .number(Double(visitCount(of: arguments[0].description)))
        case .hasAnyContent: return .bool(try hasAnyContent(arguments[0].description))
        case .random: return .number(random.nextDouble())
        case .randomRange:
            let low = number(0).rounded(.up)
            let high = number(1).rounded(.down)
            guard low <= high, low.isFinite, high.isFinite else { return .number(low) }
            guard high - low < 1e15 else { return .number((low + (high - low) * random.nextDouble()).rounded(.down)) }
            return .number(low + Double(random.nextInt(below: Int(high - low) + 1)))
        case .randomRangeFloat:
            let low = number(0)
            let high = number(1)
            return .number(low + (high - low) * random.nextDouble())
        case .dice:
            let sides = Int(Swift.max(1, number(0).rounded(.down)).clampedToInt)
            return .number(Double(1 + random.nextInt(below: sides)))
        case .round: return .number(number(0).rounded(.toNearestOrEven))
        case .roundPlaces:
            let scale = pow(10, number(1).rounded(.down))
            return .number((number(0) * scale).rounded(.toNearestOrEven) / scale)
        case .floor: return .number(number(0).rounded(.down))
        case .ceil: return .number(number(0).rounded(.up))
        case .inc:
            let value = number(0)
            return .number(value == value.rounded() ? value + 1 : value.rounded(.up))
        case .dec:
            let value = number(0)
            return .number(value == value.rounded() ? value - 1 : value.rounded(.down))
        case .decimal: return .number(number(0) - number(0).rounded(.towardZero))
        case .int: return .number(number(0).rounded(.towardZero))
        case .string: return .string(arguments[0].description)
        case .number: return .number(number(0))
        case .bool: return .bool(arguments[0].boolValue)
        case .min: return .number(Swift.min(number(0), number(1)))
        case .max: return .number(Swift.max(number(0), number(1)))
        case .format: return .string(StoryFormat.format(arguments[0].description, arguments[1]))
        case .formatInvariant: return .string(StoryValue.format(number(0)))
        case .similarity:
            let score = try similarity(arguments[0].description, arguments[1].description)
            return .number((Double(score) * 10_000).rounded() / 10_000)
        }
    }

    /// Whether a node group has a member whose conditions pass now (plain nodes always do).
    func hasAnyContent(_ name: String) throws -> Bool {
        guard let node = story.node(named: name) else { return false }
        guard story.nodes[node].isGroup else { return true }
        var stack: [StoryValue] = []
        var pc = story.nodes[node].entry
        var passed = false
        loop: while pc < story.code.count {
            let instruction = story.code[pc]
            pc += 1
            switch instruction {
            case .addCandidate(_, let count, _, _):
                var ok = true
                for _ in 0..<count where !stack.removeLast().boolValue { ok = false }
                passed = passed || ok
            case .selectCandidate: break loop
            default: try evaluate(instruction, stack: &stack)
            }
        }
        return passed
    }
}

extension Double {
    var clampedToInt: Int { isFinite ? Int(Swift.max(Swift.min(self, 1e15), -1e15)) : 0 }
}

/// A subset of .NET composite formatting, as Yarn's `format` function takes:
/// `{0}`, `{0:F2}` (fixed), `{0:N0}` (grouped), `{0:D3}` (zero-padded), `{0:P1}` (percent)
/// and `{0:0.00}` (as many decimals as zeros after the point).
enum StoryFormat {
    static func format(_ pattern: String, _ value: StoryValue) -> String {
        var result = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inside = rest[rest.index(after: open)..<close]
            let parts = inside.split(separator: ":", maxSplits: 1)
            if parts.first == "0" {
                result += parts.count > 1 ? formatted(value, String(parts[1])) : value.description
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func formatted(_ value: StoryValue, _ spec: String) -> String {
        guard case .number(let number) = value, let kind = spec.first else { return value.description }
        let digits = Int(spec.dropFirst()).map { Swift.min(Swift.max($0, 0), 30) }
        switch kind {
        case "F", "f": return String(format: "%.\(digits ?? 2)f", number)
        case "N", "n":
            let fixed = String(format: "%.\(digits ?? 2)f", abs(number))
            let parts = fixed.split(separator: ".", maxSplits: 1)
            var grouped = ""
            for (i, c) in parts[0].reversed().enumerated() {
                if i > 0 && i % 3 == 0 { grouped.append(",") }
                grouped.append(c)
            }
            let body = String(grouped.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
            return (number < 0 ? "-" : "") + body
        case "D", "d":
            let text = String(Int64(number.rounded(.towardZero)).magnitude)
            let padded = String(repeating: "0", count: Swift.max(0, (digits ?? 0) - text.count)) + text
            return (number < 0 ? "-" : "") + padded
        case "P", "p": return String(format: "%.\(digits ?? 2)f", number * 100) + " %"
        case "0", "#":
            let decimals = spec.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
            return String(format: "%.\(decimals)f", number)
        default: return value.description
        }
    }
}
