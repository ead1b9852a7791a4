import LoomCore

extension InkExpression {
    /// Where the expression starts, when known.
    var location: SourceLocation? {
        switch self {
        case .name(_, let location), .divertTarget(_, let location), .list(_, let location), .call(_, _, let location):
            location
        case .unary(_, let operand): operand.location
        case .binary(_, let left, _): left.location
        default: nil
        }
    }
}

/// Expressions and logic statements.
extension InkCodegen {
    private static let nativeCalls: [String: InkNativeOperation] = [
        "INT": .int, "FLOAT": .float, "FLOOR": .floor, "CEILING": .ceiling, "POW": .pow, "MIN": .min, "MAX": .max,
        "LIST_MIN": .listMin, "LIST_MAX": .listMax, "LIST_ALL": .listAll, "LIST_COUNT": .listCount,
        "LIST_VALUE": .listValue, "LIST_INVERT": .listInvert,
    ]
    private static let commandCalls: [String: (InkCommand, Int)] = [
        "CHOICE_COUNT": (.choiceCount, 0), "TURNS": (.turns, 0), "TURNS_SINCE": (.turnsSince, 1),
        "READ_COUNT": (.readCount, 1), "RANDOM": (.random, 2), "SEED_RANDOM": (.seedRandom, 1),
        "LIST_RANDOM": (.listRandom, 1), "LIST_RANGE": (.listRange, 3),
    ]

    /// Whether `name` is one of ink's built-in functions.
    static func isBuiltin(_ name: String) -> Bool { nativeCalls[name] != nil || commandCalls[name] != nil }

    func expression(_ expression: InkExpression, flow: InkFlow, into container: InkContainer) {
        switch expression {
        case .int(let number): container.append(.value(.int(number)))
        case .float(let number): container.append(.value(.float(number)))
        case .bool(let flag): container.append(.value(.bool(flag)))
        case .string(let content):
            if content.allSatisfy({ if case .text = $0 { true } else { false } }) {
                let text = content.map { if case .text(let t) = $0 { t } else { "" } }.joined()
                container.append(.value(.string(text)))
            } else {
                container.append(.command(.beginString))
                for inline in content { self.inline(inline, flow: flow, into: container) }
                container.append(.command(.endString))
            }
        case .name(let name, let location): self.name(name, flow: flow, into: container, at: location)
        case .divertTarget(let path, let location):
            if isVariable(path, in: flow) {
                container.append(.variableReference(path))
            } else {
                container.append(divertTargetValue(path, from: flow, at: location))
            }
        case .list(let names, let location):
            var list = InkList()
            for name in names {
                if let item = listItem(name), let entry = item.items.first {
                    list.insert(entry.item, value: entry.value)
                } else {
                    error("'\(name)' is not an item of any LIST", at: location)
                }
            }
            container.append(.value(.list(list)))
        case .unary(let op, let operand):
            self.expression(operand, flow: flow, into: container)
            container.append(.native(op == "_" ? .negate : .not))
        case .binary(let op, let left, let right):
            self.expression(left, flow: flow, into: container)
            self.expression(right, flow: flow, into: container)
            if let operation = InkNativeOperation(rawValue: op) { container.append(.native(operation)) }
        case .call(let name, let arguments, let location):
            call(name, arguments, flow: flow, into: container, at: location)
        }
    }

    private func name(_ name: String, flow: InkFlow, into container: InkContainer, at location: SourceLocation) {
        if isVariable(name, in: flow) {
            container.append(.variableReference(name))
            return
        }
        if let constant = constants[name] {
            if expandingConstants.contains(name) {
                error("the constant '\(name)' is defined in terms of itself", at: location)
                container.append(.value(.int(0)))
                return
            }
            expandingConstants.insert(name)
            expression(constant, flow: flow, into: container)
            expandingConstants.remove(name)
            return
        }
        if let item = listItem(name) {
            container.append(.value(.list(item)))
            return
        }
        if let symbol = resolve(name, from: flow) {
            let target = InkTarget(path: name)
            pendingTargets.append((target, containerLookup(symbol), nil, location))
            container.append(.readCount(target))
            return
        }
        error("unresolved variable, knot or list item '\(name)'", at: location)
        container.append(.variableReference(name))
    }

    private func call(
        _ name: String, _ arguments: [InkExpression], flow: InkFlow, into container: InkContainer,
        at location: SourceLocation
    ) {
        func checkCount(_ expected: Int) {
            if arguments.count != expected {
                error(
                    "\(name) takes \(expected) argument\(expected == 1 ? "" : "s"), not \(arguments.count)",
                    at: location)
            }
        }
        if let operation = InkCodegen.nativeCalls[name] {
            checkCount(operation.arity)
            for argument in arguments { expression(argument, flow: flow, into: container) }
            container.append(.native(operation))
            return
        }
        if let (command, count) = InkCodegen.commandCalls[name] {
            checkCount(count)
            for argument in arguments {
                if command == .turnsSince || command == .readCount, case .name(let path, let at) = argument,
                    !isVariable(path, in: flow)
                {
                    container.append(divertTargetValue(path, from: flow, at: at))
                } else {
                    expression(argument, flow: flow, into: container)
                }
            }
            container.append(.command(command))
            return
        }
        if lists.definitions[name] != nil {
            checkCount(1)
            container.append(.value(.string(name)))
            for argument in arguments { expression(argument, flow: flow, into: container) }
            container.append(.command(.listFromInt))
            return
        }
        if let count = externals[name] {
            if count != arguments.count {
                error("the external function '\(name)' takes \(count) arguments, not \(arguments.count)", at: location)
            }
            for argument in arguments { expression(argument, flow: flow, into: container) }
            let divert = InkDivert(pushType: .function)
            divert.externalName = name
            divert.externalArguments = arguments.count
            container.append(.divert(divert))
            return
        }
        if isVariable(name, in: flow) {
            for argument in arguments { expression(argument, flow: flow, into: container) }
            container.append(.divert(InkDivert(variableName: name, pushType: .function)))
            return
        }
        guard case .flow(let function)? = resolve(name, from: flow) else {
            error("unresolved function '\(name)'", at: location)
            return
        }
        let parameters = function.syntax.parameters
        if parameters.count != arguments.count {
            error(
                "'\(name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), not \(arguments.count)",
                at: location)
        }
        for (index, argument) in arguments.enumerated() {
            callArgument(
                argument, parameter: index < parameters.count ? parameters[index] : nil, flow: flow, into: container)
        }
        let target = InkTarget(path: name)
        pendingTargets.append((target, { function.container }, nil, location))
        container.append(.divert(InkDivert(target: target, pushType: .function)))
    }

    func statement(_ statement: InkStatement, flow: InkFlow, into container: InkContainer, at location: SourceLocation)
    {
        switch statement {
        case .temp(let name, let value):
            container.append(.command(.evalStart))
            expression(value, flow: flow, into: container)
            container.append(.command(.evalEnd))
            container.append(.assignment(InkAssignment(name: name, isGlobal: false, isNewDeclaration: true)))
        case .assign(let name, let value, let at):
            container.append(.command(.evalStart))
            expression(value, flow: flow, into: container)
            container.append(.command(.evalEnd))
            assign(name, flow: flow, into: container, at: at)
        case .compoundAssign(let name, let op, let value, let at):
            container.append(.command(.evalStart))
            self.name(name, flow: flow, into: container, at: at)
            expression(value, flow: flow, into: container)
            container.append(.native(op == "+" ? .add : .subtract))
            container.append(.command(.evalEnd))
            assign(name, flow: flow, into: container, at: at)
        case .returnValue(let value):
            container.append(.command(.evalStart))
            if let value { expression(value, flow: flow, into: container) } else { container.append(.void) }
            container.append(.command(.evalEnd))
            container.append(.command(.popFunction))
        case .expression(let value):
            container.append(.command(.evalStart))
            expression(value, flow: flow, into: container)
            container.append(.command(.popEvaluatedValue))
            container.append(.command(.evalEnd))
        }
    }

    private func assign(_ name: String, flow: InkFlow, into container: InkContainer, at location: SourceLocation) {
        if isLocal(name, in: flow) {
            container.append(.assignment(InkAssignment(name: name, isGlobal: false, isNewDeclaration: false)))
        } else if globals.contains(name) {
            container.append(.assignment(InkAssignment(name: name, isGlobal: true, isNewDeclaration: false)))
        } else {
            if constants[name] != nil {
                error("'\(name)' is a constant and cannot be assigned", at: location)
            } else {
                error("unresolved variable '\(name)'", at: location)
            }
        }
    }
}
