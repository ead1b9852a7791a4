import LoomCore

extension TypeChecker {
    /// Infers an expression's type variable, recording constraints and deferred checks.
    mutating func check(_ expr: Expr) -> Int {
        switch expr.kind {
        case .number: return solver.fresh(.number)
        case .string: return solver.fresh(.string)
        case .bool: return solver.fresh(.bool)
        case .invalid:
            let type = solver.fresh()
            invalidTypes.insert(type)
            return type
        case .variable(let name):
            return variableType(name, at: expr.location)
        case .enumCase(let typeName?, let name):
            guard let info = enums[typeName] else {
                error("unknown enum '\(typeName)'", at: expr.location)
                return solver.fresh()
            }
            if !info.cases.contains(where: { $0.name == name }) {
                error("enum '\(typeName)' has no case '\(name)'", at: expr.location)
            }
            enumOfExpression[expr.id] = typeName
            return solver.fresh(.enumeration(typeName))
        case .enumCase(nil, let name):
            let type = solver.fresh()
            deferred.append(.member(id: expr.id, name: name, type: type, location: expr.location))
            return type
        case .unary(.not, let operand):
            expect(check(operand), .bool, at: operand.location, "the operand of '!'")
            return solver.fresh(.bool)
        case .unary(.negate, let operand):
            expect(check(operand), .number, at: operand.location, "the operand of '-'")
            return solver.fresh(.number)
        case .binary(let op, let a, let b):
            let ta = check(a)
            let tb = check(b)
            switch op {
            case .add:
                same(ta, tb, at: expr.location, "cannot add")
                deferred.append(.addable(type: ta, location: expr.location))
                return ta
            case .subtract, .multiply, .divide, .modulo:
                expect(ta, .number, at: a.location, "the operands of '\(op.rawValue)'")
                expect(tb, .number, at: b.location, "the operands of '\(op.rawValue)'")
                return solver.fresh(.number)
            case .equal, .notEqual:
                same(ta, tb, at: expr.location, "cannot compare")
                return solver.fresh(.bool)
            case .less, .greater, .lessOrEqual, .greaterOrEqual:
                expect(ta, .number, at: a.location, "the operands of '\(op.rawValue)'")
                expect(tb, .number, at: b.location, "the operands of '\(op.rawValue)'")
                return solver.fresh(.bool)
            case .and, .or, .xor:
                expect(ta, .bool, at: a.location, "the operands of '\(op.rawValue)'")
                expect(tb, .bool, at: b.location, "the operands of '\(op.rawValue)'")
                return solver.fresh(.bool)
            }
        case .call(let name, let arguments):
            return checkCall(name, arguments, at: expr.location)
        }
    }

    mutating func checkCall(_ name: String, _ arguments: [Expr], at location: SourceLocation) -> Int {
        let argumentTypes = arguments.map { check($0) }
        var parameters: [StoryType?]
        var result: Int
        if let builtin = Builtin(rawValue: name), functions.functions[name] == nil {
            parameters = builtin.parameters
            result = solver.fresh(builtin.returnType)
        } else if let function = functions.functions[name] {
            parameters = function.parameters
            result = solver.fresh(function.returnType)
        } else {
            if inferredFunctions[name] == nil {
                inferredFunctions[name] = (argumentTypes.map { _ in solver.fresh() }, solver.fresh(), location)
            }
            let inferred = inferredFunctions[name]!
            guard inferred.parameters.count == argumentTypes.count else {
                error(
                    "'\(name)' is called with \(argumentTypes.count) arguments here but \(inferred.parameters.count) elsewhere",
                    at: location)
                return inferred.result
            }
            // Arguments are settled after solving: calls may pass different enums that convert to
            // the same raw type, as Yarn allows.
            var calls = inferredArguments[name] ?? Array(repeating: [], count: argumentTypes.count)
            for (index, argument) in argumentTypes.enumerated() {
                calls[index].append((argument, arguments[index].location))
            }
            inferredArguments[name] = calls
            return inferred.result
        }
        guard parameters.count == arguments.count else {
            error("'\(name)' takes \(parameters.count) arguments, not \(arguments.count)", at: location)
            return result
        }
        for (index, parameter) in parameters.enumerated() {
            let argument = argumentTypes[index]
            switch parameter {
            case .any?:
                deferred.append(.known(type: argument, location: arguments[index].location, what: "the argument"))
            case .string?:
                deferred.append(.stringLike(type: argument, location: arguments[index].location))
            case let type?:
                expect(argument, type, at: arguments[index].location, "argument \(index + 1) of '\(name)'")
            case nil: break
            }
        }
        return result
    }

    /// Settles what could only be decided once every constraint was seen.
    mutating func resolveDeferred() {
        var changed = true
        while changed {
            changed = false
            for item in deferred {
                guard case .member(_, let name, let type, _) = item, solver.resolved(type) == nil else { continue }
                let candidates = enums.values.filter { $0.cases.contains { $0.name == name } }
                if candidates.count == 1 {
                    _ = solver.bind(type, to: .enumeration(candidates[0].name))
                    changed = true
                }
            }
            if !changed {
                for item in deferred {
                    if case .stringLike(let type, _) = item, solver.resolved(type) == nil {
                        _ = solver.bind(type, to: .string)
                        changed = true
                    }
                }
            }
        }
        settleInferredArguments()
        for item in deferred {
            switch item {
            case .member(let id, let name, let type, let location):
                switch solver.resolved(type) {
                case .enumeration(let enumName)?:
                    if enums[enumName]?.cases.contains(where: { $0.name == name }) == true {
                        enumOfExpression[id] = enumName
                    } else {
                        error("enum '\(enumName)' has no case '\(name)'", at: location)
                    }
                case let other?:
                    error("'.\(name)' is an enum case, but a \(other) is expected here", at: location)
                case nil:
                    let candidates = enums.values.filter { $0.cases.contains { $0.name == name } }.map(\.name).sorted()
                    if candidates.isEmpty {
                        error("no enum has a case named '\(name)'", at: location)
                    } else {
                        error(
                            "'.\(name)' is ambiguous: it could be \(candidates.map { "\($0).\(name)" }.joined(separator: " or "))",
                            at: location)
                    }
                }
            case .stringLike(let type, let location):
                if case .enumeration(let enumName)? = solver.resolved(type), enums[enumName]?.rawType != .string {
                    error("enum '\(enumName)' has number raw values, so it cannot be used as a String", at: location)
                } else if let other = solver.resolved(type), other != .string, !isEnum(other) {
                    error("expected a String here, not \(other)", at: location)
                }
            case .addable(let type, let location):
                if let resolved = solver.resolved(type), resolved != .number, resolved != .string {
                    error("'+' works on Numbers and Strings, not \(resolved)", at: location)
                }
            case .known(let type, let location, let what):
                if solver.resolved(type) == nil, !invalidTypes.contains(type) {
                    error("cannot infer the type of \(what); declare the variables it uses", at: location)
                }
            }
        }
        for info in variables.values.sorted(by: { $0.name < $1.name }) where solver.resolved(info.type) == nil {
            if info.declaration == nil {
                error(
                    "cannot infer the type of '\(info.name)'; declare it with <<declare \(info.name) = value>>",
                    at: info.firstUse)
            }
        }
        for (name, function) in inferredFunctions.sorted(by: { $0.key < $1.key }) {
            if solver.resolved(function.result) == nil
                || function.parameters.contains(where: { solver.resolved($0) == nil })
            {
                error(
                    "cannot infer the type of the function '\(name)'; register it with the host", at: function.location)
            }
        }
    }

    /// Gives each parameter of an inferred function one type: the arguments' common type, where
    /// enums stand for their raw type when calls disagree.
    mutating func settleInferredArguments() {
        for (name, calls) in inferredArguments.sorted(by: { $0.key < $1.key }) {
            guard let function = inferredFunctions[name] else { continue }
            for (index, arguments) in calls.enumerated() {
                let known = arguments.compactMap { solver.resolved($0.type) }
                var common = known.first
                if Set(known).count > 1 {
                    let raw = Set(
                        known.map { type -> StoryType in
                            if case .enumeration(let enumName) = type { return enums[enumName]?.rawType ?? type }
                            return type
                        })
                    common = raw.count == 1 ? raw.first : nil
                    if common == nil, let first = arguments.first {
                        error(
                            "the calls of '\(name)' pass different types as argument \(index + 1)", at: first.location)
                    }
                }
                if let common {
                    _ = solver.bind(function.parameters[index], to: common)
                    for argument in arguments where solver.resolved(argument.type) == nil {
                        _ = solver.bind(argument.type, to: common)
                    }
                }
            }
        }
    }

    func isEnum(_ type: StoryType) -> Bool {
        if case .enumeration = type { return true }
        return false
    }

    /// The resolved type of a variable, if known.
    mutating func resolvedType(ofVariable name: String) -> StoryType? {
        guard let info = variables[name] else { return nil }
        return solver.resolved(info.type)
    }
}
