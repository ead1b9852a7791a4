import LoomCore
import LoomScript
import LoomStory

/// Story functions backed by the world: facts of the generated world, and functions written in Lua.
enum WorldFunctions {
    /// `fact(name)` (text), `fact_number(name)` and `has_fact(name)` read the facts of the
    /// world being played.
    static func registerFacts(into functions: inout FunctionLibrary, facts: FactBox) {
        functions.register("fact", parameters: [.string], returns: .string) { args in
            .string(facts[args[0].description]?.description ?? "")
        }
        functions.register("fact_number", parameters: [.string], returns: .number) { args in
            .number(facts[args[0].description]?.numberValue ?? 0)
        }
        functions.register("has_fact", parameters: [.string], returns: .bool) { args in
            .bool(facts[args[0].description] != nil)
        }
    }

    /// Registers `functions.name = { params = {"number"}, returns = "string", body = function(n) … end }`.
    static func register(_ key: LuaValue, _ value: LuaValue, into functions: inout FunctionLibrary) throws {
        guard let name = key.stringValue, let spec = value.tableValue,
            let body = (spec[.string("body")].functionValue ?? spec.array.first?.functionValue)
        else {
            throw LoomError(
                .world, "functions.\(key) must be { params = {…}, returns = \"…\", body = function … }",
                at: WorldDefinition.location)
        }
        let parameters = try (spec[.string("params")].tableValue?.array ?? []).map { try type($0, name) }
        let returns = try type(spec[.string("returns")], name)
        let function = LuaFunctionBox(body)
        functions.register(name, parameters: parameters, returns: returns) { args in
            let results = try WorldScript.calledFromStory("\(name)()") {
                try function.function.call(args.map(luaValue))
            }
            let result = results.first ?? .nil
            switch result {
            case .nil, .boolean, .integer, .number, .string: break
            case .table, .function, .object, .opaque:
                // A story value is a number, a string or a bool: anything else is the script's mistake.
                throw LoomError(
                    .world,
                    "function '\(name)' returned \(describe(result)), but it is declared to return "
                        + (returns == .any ? "a number, string or bool" : "a \(returns.description.lowercased())"),
                    at: function.function.definition ?? WorldDefinition.location)
            }
            switch returns {
            case .number: return .number(result.doubleValue ?? 0)
            case .bool: return .bool(result.isTruthy)
            default:
                if let number = result.doubleValue { return .number(number) }
                if let bool = result.boolValue { return .bool(bool) }
                return .string(result.stringValue ?? "")
            }
        }
    }

    /// "a table", "nothing", "the string 'x'": a returned value in an error message.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nothing"
        case .boolean: "a bool"
        case .integer, .number: "a number"
        case .string: "a string"
        case .table: "a table"
        case .function: "a function"
        case .object, .opaque: "a userdata"
        }
    }

    static func type(_ value: LuaValue, _ function: String) throws -> StoryType {
        switch value.stringValue?.lowercased() {
        case "number": return .number
        case "string", nil: return .string
        case "bool", "boolean": return .bool
        case "any": return .any
        case let other?:
            throw LoomError(
                .world, "function '\(function)': unknown type '\(other)'; expected number, string, bool or any",
                at: WorldDefinition.location)
        }
    }

    static func luaValue(_ value: StoryValue) -> LuaValue {
        switch value {
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? .integer(Int(number)) : .number(number)
        case .bool(let bool): .boolean(bool)
        case .string(let text): .string(text)
        }
    }

    static func storyValue(_ value: LuaValue) -> StoryValue? {
        switch value {
        case .boolean(let bool): .bool(bool)
        case .integer(let number): .number(Double(number))
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        default: nil
        }
    }
}

/// A Lua function carried into a story function's body, which the runner calls on the thread
/// that plays the story (the one that owns the VM).
final class LuaFunctionBox: @unchecked Sendable {
    let function: LuaFunction
    init(_ function: LuaFunction) { self.function = function }
}
