import LoomCore

extension CodeGenerator {
    mutating func compile(_ statements: [Statement]) {
        for statement in statements { compile(statement) }
    }

    /// Pushes a template's arguments and returns its index.
    mutating func template(_ text: TextTemplate, content: LineContent?, at location: SourceLocation) -> Int {
        var segments: [Story.Template.Segment] = []
        for segment in text.segments {
            switch segment {
            case .text(let value): segments.append(.text(value))
            case .expression(let expr):
                compile(expr)
                segments.append(.argument)
            }
        }
        let count = text.expressions.count
        var id = ""
        if let content {
            if let lineID = content.lineID {
                id = "line:\(lineID)"
            } else if let shadow = content.shadowOf {
                id = "line:\(shadow)"
            } else {
                repeat {
                    lineCounter += 1
                    id = "line:\(currentNode)-\(lineCounter)"
                } while lineIDs.contains(String(id.dropFirst(5)))
            }
        }
        var fixed: MarkupResult?
        if content != nil, count == 0 {
            fixed = Markup.parse(segments.map { if case .text(let t) = $0 { t } else { "" } }.joined())
        }
        templates.append(
            Story.Template(
                id: id, segments: segments, argumentCount: count, tags: content?.tags ?? [], fixed: fixed,
                location: location))
        return templates.count - 1
    }

    /// Pushes a content condition; returns the once variable to set when the content runs.
    mutating func compileCondition(_ condition: ContentCondition?) -> (hasCondition: Bool, once: Int?, complexity: Int)
    {
        guard let condition else { return (false, nil, 0) }
        var once: Int?
        var score = 0
        if condition.once {
            let variable = onceVariable()
            once = variable
            emit(.pushVariable(variable))
            emit(.not)
            score += 1
        }
        if let expr = condition.expression {
            compile(expr)
            if once != nil { emit(.binary(.and)) }
            score += 1 + complexity(of: expr)
        }
        return (true, once, score)
    }

    mutating func markOnce(_ variable: Int?) {
        guard let variable else { return }
        emit(.pushBool(true))
        emit(.storeVariable(variable))
    }

    mutating func compile(_ statement: Statement) {
        currentLine = statement.location.line
        switch statement.kind {
        case .line(let content):
            let condition = compileCondition(content.condition)
            let skip = condition.hasCondition ? emit(.jumpIfFalse(0)) : nil
            markOnce(condition.once)
            emit(.line(template(content.template, content: content, at: content.location)))
            if let skip { patchDestination(skip, to: code.count) }
        case .command(let text):
            emit(.command(template(text, content: nil, at: statement.location)))
        case .options(let items):
            var adds: [(at: Int, once: Int?)] = []
            for item in items {
                let index = template(item.content.template, content: item.content, at: item.content.location)
                let condition = compileCondition(item.content.condition)
                adds.append(
                    (
                        emit(.addOption(template: index, hasCondition: condition.hasCondition, destination: 0)),
                        condition.once
                    ))
            }
            emit(.showOptions)
            var exits = [emit(.jump(0))]
            for (add, item) in zip(adds, items) {
                patchDestination(add.at, to: code.count)
                markOnce(add.once)
                compile(item.body)
                exits.append(emit(.jump(0)))
            }
            for exit in exits { patchDestination(exit, to: code.count) }
        case .lineGroup(let items):
            var adds: [(at: Int, once: Int?)] = []
            for item in items {
                let condition = compileCondition(item.content.condition)
                let key = string(item.content.lineID.map { "line:\($0)" } ?? "\(currentNode)@\(item.content.location)")
                adds.append(
                    (
                        emit(
                            .addCandidate(
                                key: key, conditionCount: condition.hasCondition ? 1 : 0,
                                complexity: condition.complexity, destination: 0)), condition.once
                    ))
            }
            var exits = [emit(.selectCandidate(fallthrough: 0))]
            for (add, item) in zip(adds, items) {
                patchDestination(add.at, to: code.count)
                markOnce(add.once)
                emit(.line(template(item.content.template, content: item.content, at: item.content.location)))
                compile(item.body)
                exits.append(emit(.jump(0)))
            }
            for exit in exits { patchDestination(exit, to: code.count) }
        case .ifBlock(let clauses):
            var exits: [Int] = []
            for clause in clauses {
                var skip: Int?
                if let condition = clause.condition {
                    compile(condition)
                    skip = emit(.jumpIfFalse(0))
                }
                compile(clause.body)
                exits.append(emit(.jump(0)))
                if let skip { patchDestination(skip, to: code.count) }
            }
            for exit in exits { patchDestination(exit, to: code.count) }
        case .once(let condition, let body, let otherwise):
            let variable = onceVariable()
            emit(.pushVariable(variable))
            emit(.not)
            if let condition {
                compile(condition)
                emit(.binary(.and))
            }
            let skip = emit(.jumpIfFalse(0))
            markOnce(variable)
            compile(body)
            let exit = emit(.jump(0))
            patchDestination(skip, to: code.count)
            compile(otherwise)
            patchDestination(exit, to: code.count)
        case .set(let name, let op, let value):
            guard let variable = variableIndex[name] else { return }
            if op != .assign { emit(.pushVariable(variable)) }
            compile(value)
            if op != .assign { emit(.binary(BinaryOperator(rawValue: String(op.rawValue.dropLast()))!)) }
            emit(.storeVariable(variable))
        case .call(let expr):
            compile(expr)
            emit(.pop)
        case .jump(let target), .detour(let target):
            let isJump = if case .jump = statement.kind { true } else { false }
            switch target {
            case .name(let name, let location):
                if let node = plannedIndex[name] {
                    emit(isJump ? .jumpToNode(node) : .detourToNode(node))
                } else {
                    context.warning("no node is named '\(name)'", at: location)
                    emit(.pushString(string(name)))
                    emit(isJump ? .jumpToNamedNode : .detourToNamedNode)
                }
            case .expression(let expr):
                compile(expr)
                emit(isJump ? .jumpToNamedNode : .detourToNamedNode)
            }
        case .returnFromDetour:
            emit(.returnFromDetour)
        case .stop:
            emit(.stop)
        }
    }

    mutating func compile(_ expr: Expr) {
        switch expr.kind {
        case .number(let value): emit(.pushNumber(value))
        case .string(let value): emit(.pushString(string(value)))
        case .bool(let value): emit(.pushBool(value))
        // Never generated: the parser reported the expression, so the story does not compile.
        case .invalid: emit(.pushBool(false))
        case .enumCase:
            switch constantValue(expr) {
            case .number(let value)?: emit(.pushNumber(value))
            case .string(let value)?: emit(.pushString(string(value)))
            case .bool(let value)?: emit(.pushBool(value))
            case nil: emit(.pushNumber(0))
            }
        case .variable(let name):
            if let info = checker.variables[name], info.isSmart, let declaration = info.declaration {
                compile(declaration.value)
            } else if let index = variableIndex[name] {
                emit(.pushVariable(index))
            }
        case .unary(.not, let operand):
            compile(operand)
            emit(.not)
        case .unary(.negate, let operand):
            compile(operand)
            emit(.negate)
        case .binary(let op, let a, let b):
            compile(a)
            compile(b)
            emit(.binary(op))
        case .call(let name, let arguments):
            for argument in arguments { compile(argument) }
            if checker.functions.functions[name] == nil, Builtin(rawValue: name) != nil {
                emit(.callBuiltin(Builtin(rawValue: name)!, argumentCount: arguments.count))
            } else {
                if functionIndex[name] == nil {
                    functionIndex[name] = functionNames.count
                    functionNames.append(name)
                }
                emit(.callFunction(functionIndex[name]!, argumentCount: arguments.count))
            }
        }
    }
}
