import LoomCore

/// What the checker learned about one variable.
struct VariableInfo {
    var name: String
    var type: Int
    var declaration: Declaration?
    /// Where an undeclared variable was first used, for errors about it.
    var firstUse: SourceLocation
    var isSmart: Bool { declaration.map { !TypeChecker.isConstant($0.value) } ?? false }
}

/// Infers and checks the types of every expression in a story, as Yarn Spinner does: declared
/// variables have their value's type, undeclared ones and unknown functions take the type their
/// uses demand, and anything left undetermined is an error.
struct TypeChecker {
    var solver = TypeSolver()
    var context: ParseContext
    var functions: FunctionLibrary
    var enums: [String: EnumInfo] = [:]
    var variables: [String: VariableInfo] = [:]
    var inferredFunctions: [String: (parameters: [Int], result: Int, location: SourceLocation)] = [:]
    /// The argument types each call of an inferred function passed, per parameter.
    var inferredArguments: [String: [[(type: Int, location: SourceLocation)]]] = [:]
    /// Enum resolved for each `.Case` or `Type.Case` expression, by expression id.
    var enumOfExpression: [Int: String] = [:]

    enum Deferred {
        case member(id: Int, name: String, type: Int, location: SourceLocation)
        case stringLike(type: Int, location: SourceLocation)
        case addable(type: Int, location: SourceLocation)
        case known(type: Int, location: SourceLocation, what: String)
    }
    var deferred: [Deferred] = []
    /// Type variables of expressions the parser already reported (``Expr/Kind/invalid``): never
    /// reported again as impossible to infer.
    var invalidTypes: Set<Int> = []

    init(context: ParseContext, functions: FunctionLibrary) {
        self.context = context
        self.functions = functions
    }

    /// An expression is constant when it reads no variable and calls no function.
    static func isConstant(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .number, .string, .bool, .enumCase, .invalid: true
        case .variable, .call: false
        case .unary(_, let operand): isConstant(operand)
        case .binary(_, let a, let b): isConstant(a) && isConstant(b)
        }
    }

    func error(_ message: String, at location: SourceLocation) { context.error(message, at: location) }

    mutating func expect(_ type: Int, _ expected: StoryType, at location: SourceLocation, _ role: String) {
        if let (have, _) = solver.bind(type, to: expected) {
            error("\(role) must be \(expected), not \(have)", at: location)
        }
    }

    mutating func same(_ a: Int, _ b: Int, at location: SourceLocation, _ role: String) {
        if let (x, y) = solver.unify(a, b) {
            error("\(role): \(x) and \(y) are different types", at: location)
        }
    }

    /// The variable's type, creating an implicit variable on first use.
    mutating func variableType(_ name: String, at location: SourceLocation) -> Int {
        if let info = variables[name] { return info.type }
        let type = solver.fresh()
        variables[name] = VariableInfo(name: name, type: type, declaration: nil, firstUse: location)
        return type
    }

    /// Checks the whole story: enums, declarations, then every node.
    mutating func check(_ syntax: StorySyntax) {
        checkEnums(syntax.enums)
        checkDeclarations(syntax.declarations)
        for node in syntax.nodes {
            for when in node.whenClauses {
                switch when.clause {
                case .always, .once(nil): break
                case .once(let expr?), .expression(let expr):
                    expect(check(expr), .bool, at: expr.location, "a 'when' condition")
                }
            }
            check(node.body)
        }
        resolveDeferred()
    }

    mutating func check(_ statements: [Statement]) {
        for statement in statements { check(statement) }
    }

    mutating func check(_ content: LineContent) {
        for expr in content.template.expressions {
            deferred.append(.known(type: check(expr), location: expr.location, what: "the inline expression"))
        }
        if let expr = content.condition?.expression {
            expect(check(expr), .bool, at: expr.location, "a condition")
        }
    }

    mutating func check(_ statement: Statement) {
        switch statement.kind {
        case .line(let content):
            check(content)
        case .command(let template):
            for expr in template.expressions {
                deferred.append(.known(type: check(expr), location: expr.location, what: "the inline expression"))
            }
        case .options(let items), .lineGroup(let items):
            for item in items {
                check(item.content)
                check(item.body)
            }
        case .ifBlock(let clauses):
            for clause in clauses {
                if let condition = clause.condition {
                    expect(check(condition), .bool, at: condition.location, "an if condition")
                }
                check(clause.body)
            }
        case .once(let condition, let body, let otherwise):
            if let condition { expect(check(condition), .bool, at: condition.location, "a once condition") }
            check(body)
            check(otherwise)
        case .set(let name, let op, let value):
            if variables[name]?.isSmart == true {
                error("'\(name)' is a smart variable and cannot be set", at: statement.location)
            }
            let target = variableType(name, at: statement.location)
            let valueType = check(value)
            same(target, valueType, at: value.location, "cannot assign to '\(name)'")
            switch op {
            case .assign: break
            case .add: deferred.append(.addable(type: target, location: statement.location))
            default: expect(target, .number, at: statement.location, "'\(op.rawValue)' operand")
            }
        case .call(let expr):
            _ = check(expr)
        case .jump(let target), .detour(let target):
            if case .expression(let expr) = target {
                expect(check(expr), .string, at: expr.location, "a jump destination")
            }
        case .returnFromDetour, .stop:
            break
        }
    }
}
