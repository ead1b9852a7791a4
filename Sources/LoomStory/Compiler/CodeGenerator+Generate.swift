import LoomCore

extension CodeGenerator {
    mutating func generate() -> Story {
        declareVariables()
        var nodes: [Story.Node] = []
        for plan in planned {
            let node = plan.syntax.map { syntax.nodes[$0] }
            var headers: [String: String] = [:]
            for header in node?.headers ?? [] where headers[header.key] == nil { headers[header.key] = header.value }
            nodes.append(
                Story.Node(
                    name: plan.name, entry: 0,
                    tags: (headers["tags"] ?? "").split(separator: " ").map(String.init),
                    headers: headers, tracked: headers["tracking"] != "never", group: plan.group,
                    isGroup: plan.syntax == nil,
                    file: node?.file ?? syntax.nodes[planned[plan.members.first ?? 0].syntax ?? 0].file))
        }
        for (index, plan) in planned.enumerated() {
            nodes[index].entry = code.count
            currentNode = plan.name
            if let syntaxIndex = plan.syntax {
                compile(syntax.nodes[syntaxIndex].body)
                emit(.endNode)
            } else {
                compileGroup(plan)
            }
        }
        var enumTable: [String: [String: StoryValue]] = [:]
        for (name, info) in checker.enums {
            enumTable[name] = Dictionary(info.cases.map { ($0.name, $0.raw) }, uniquingKeysWith: { a, _ in a })
        }
        return Story(
            nodes: nodes, nodeIndex: plannedIndex, code: code, templates: templates, strings: strings,
            variables: variables, functionNames: functionNames, enums: enumTable, lines: codeLines)
    }

    @discardableResult
    mutating func emit(_ instruction: Instruction) -> Int {
        code.append(instruction)
        codeLines.append(currentLine)
        return code.count - 1
    }

    mutating func string(_ value: String) -> Int {
        if let index = stringIndex[value] { return index }
        strings.append(value)
        stringIndex[value] = strings.count - 1
        return strings.count - 1
    }

    mutating func declareVariables() {
        for name in checker.variables.keys.sorted() {
            let info = checker.variables[name]!
            if info.isSmart { continue }
            let type = checker.solver.resolved(info.type) ?? .number
            var initial = defaultValue(for: type)
            if let declaration = info.declaration, let value = constantValue(declaration.value) {
                initial = value
            }
            variableIndex[name] = variables.count
            variables.append(Story.Variable(name: name, type: type, initialValue: initial))
        }
    }

    func defaultValue(for type: StoryType) -> StoryValue {
        if case .enumeration(let name) = type, let first = checker.enums[name]?.cases.first { return first.raw }
        return StoryValue.defaultValue(for: type)
    }

    /// The value of an expression that reads no variables.
    func constantValue(_ expr: Expr) -> StoryValue? {
        switch expr.kind {
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        case .enumCase(_, let name):
            guard let enumName = checker.enumOfExpression[expr.id] else { return nil }
            return checker.enums[enumName]?.cases.first { $0.name == name }?.raw
        case .unary(.not, let operand): return constantValue(operand).map { .bool(!$0.boolValue) }
        case .unary(.negate, let operand): return constantValue(operand).map { .number(-$0.numberValue) }
        case .binary(let op, let a, let b):
            guard let x = constantValue(a), let y = constantValue(b) else { return nil }
            return Operators.apply(op, x, y)
        case .variable, .call, .invalid: return nil
        }
    }

    /// A fresh hidden variable remembering whether a piece of `once` content has run.
    mutating func onceVariable() -> Int {
        onceCounter += 1
        let name = "$Yarn.Internal.Once.\(currentNode).\(onceCounter)"
        variableIndex[name] = variables.count
        variables.append(Story.Variable(name: name, type: .bool, initialValue: .bool(false)))
        return variables.count - 1
    }

    /// Yarn's saliency complexity: boolean operators plus one per condition, plus one for `once`.
    func complexity(of expr: Expr) -> Int {
        switch expr.kind {
        case .unary(.not, let operand): 1 + complexity(of: operand)
        case .unary(_, let operand): complexity(of: operand)
        case .binary(let op, let a, let b): (op.isLogical ? 1 : 0) + complexity(of: a) + complexity(of: b)
        default: 0
        }
    }

    mutating func compileGroup(_ plan: PlannedNode) {
        var candidates: [(at: Int, once: Int?, member: Int)] = []
        for member in plan.members {
            let node = syntax.nodes[planned[member].syntax!]
            var count = 0
            var score = 0
            var once: Int?
            for when in node.whenClauses {
                switch when.clause {
                case .always:
                    emit(.pushBool(true))
                case .once(let expr):
                    let variable = onceVariable()
                    once = variable
                    emit(.pushVariable(variable))
                    emit(.not)
                    score += 1
                    if let expr {
                        compile(expr)
                        emit(.binary(.and))
                        score += 1 + complexity(of: expr)
                    }
                case .expression(let expr):
                    compile(expr)
                    score += 1 + complexity(of: expr)
                }
                count += 1
            }
            let at = emit(
                .addCandidate(
                    key: string(planned[member].name), conditionCount: count, complexity: score, destination: 0))
            candidates.append((at, once, member))
        }
        let select = emit(.selectCandidate(fallthrough: 0))
        for candidate in candidates {
            patchDestination(candidate.at, to: code.count)
            if let once = candidate.once {
                emit(.pushBool(true))
                emit(.storeVariable(once))
            }
            emit(.enterGroupMember(candidate.member))
        }
        code[select] = .selectCandidate(fallthrough: code.count)
        emit(.endNode)
    }

    mutating func patchDestination(_ at: Int, to destination: Int) {
        switch code[at] {
        case .addCandidate(let key, let count, let score, _):
            code[at] = .addCandidate(key: key, conditionCount: count, complexity: score, destination: destination)
        case .addOption(let template, let hasCondition, _):
            code[at] = .addOption(template: template, hasCondition: hasCondition, destination: destination)
        case .jump: code[at] = .jump(destination)
        case .jumpIfFalse: code[at] = .jumpIfFalse(destination)
        case .selectCandidate: code[at] = .selectCandidate(fallthrough: destination)
        default: break
        }
    }
}
