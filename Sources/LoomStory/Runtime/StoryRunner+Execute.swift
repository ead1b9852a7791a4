import LoomCore

extension StoryRunner {
    /// Runs until the next event and returns it; after ``StoryEvent/end`` it keeps returning `.end`.
    ///
    /// After an option set, call ``selectOption(_:)`` first; when no option of the set is
    /// available, continuing goes on past the options, as Yarn Spinner's fall-through does.
    public func `continue`() throws -> StoryEvent {
        if phase == .waitingForOption {
            if options.contains(where: \.isAvailable) {
                throw LoomError(.runtime, "an option must be selected before continuing")
            }
            options = []
            phase = .running
        }
        guard !isExecuting else {
            throw LoomError(.runtime, "continue() was called from inside a command handler or function")
        }
        if let line = takePassageLine() {
            instructionsSinceEvent = 0
            remember(line.text)
            return .line(line)
        }
        isExecuting = true
        defer { isExecuting = false }
        // The machine's registers live in locals while it runs: class properties would pay for
        // exclusivity checks and reference counting on every instruction.
        var frames = self.frames
        var stack = self.stack
        self.frames = []
        self.stack = []
        defer {
            self.frames = frames
            self.stack = stack
        }
        let code = story.code
        while true {
            if !pendingEvents.isEmpty {
                switch pendingEvents.removeFirst() {
                case .nodeStart(let name): return .nodeStart(name)
                case .nodeEnd(let name): return .nodeEnd(name)
                case .end:
                    phase = .idle
                    instructionsSinceEvent = 0
                    return .end
                }
            }
            guard phase == .running, !frames.isEmpty else {
                phase = .idle
                return .end
            }
            let top = frames.count - 1
            let pc = frames[top].pc
            let node = frames[top].node
            let instruction = code[pc]
            frames[top].pc = pc + 1
            instructionsSinceEvent += 1
            if instructionsSinceEvent > limits.maximumInstructionsBetweenEvents {
                instructionsSinceEvent = 0
                throw budgetError(
                    "\(limits.maximumInstructionsBetweenEvents) instructions ran without a line, options or "
                        + "a command (a <<jump>> or detour loop?); StoryLimits.maximumInstructionsBetweenEvents",
                    node: frames[top].node, pc: pc)
            }
            switch instruction {
            case .jump(let target):
                frames[top].pc = target
            case .jumpIfFalse(let target):
                if !stack.removeLast().boolValue { frames[top].pc = target }
            case .line(let index):
                instructionsSinceEvent = 0
                let line = makeLine(index, stack: &stack)
                remember(line.textWithoutCharacterName)
                return .line(line)
            case .command(let index):
                let command = StoryCommand(text: text(of: index, stack: &stack))
                let name = command.arguments.first ?? ""
                if let handler = commandHandlers[name] {
                    do {
                        try handler(command.arguments)
                    } catch let error as LoomError where error.location == nil {
                        // A host command's error without a place of its own happened at this command.
                        throw LoomError(
                            error.kind, error.message, at: location(node: node, pc: pc), related: error.related)
                    }
                } else if name == GeneratedOptionsCall.command {
                    try prepareGeneratedOptions(command.arguments, node: frames[top].node, pc: pc)
                } else {
                    instructionsSinceEvent = 0
                    return .command(command)
                }
            case .addOption(let index, let hasCondition, let destination):
                let available = hasCondition ? stack.removeLast().boolValue : true
                options.append(
                    StoryOption(
                        index: options.count, line: makeLine(index, stack: &stack), isAvailable: available,
                        destination: destination))
            case .showOptions:
                if generatedText[Self.pendingOptionsKey] != nil, case .jump(let exit) = code[pc + 1] {
                    try appendGeneratedOptions(exit: exit)
                }
                phase = .waitingForOption
                instructionsSinceEvent = 0
                return .options(options)
            case .addCandidate(let key, let count, let complexity, let destination):
                var passed = true
                for _ in 0..<count where !stack.removeLast().boolValue { passed = false }
                candidates.append(
                    SaliencyCandidate(key: key, passed: passed, complexity: complexity, destination: destination))
            case .selectCandidate(let otherwise):
                let chosen =
                    saliencyStrategy == .mostSimilar
                    ? try chooseMostSimilar(candidates)
                    : saliencyStrategy.choose(candidates, views: { self.views[$0] ?? 0 }, random: &random)
                if let chosen {
                    views[candidates[chosen].key, default: 0] += 1
                    frames[top].pc = candidates[chosen].destination
                } else {
                    frames[top].pc = otherwise
                }
                candidates.removeAll(keepingCapacity: true)
            case .jumpToNode(let node):
                jump(to: node, frames: &frames)
            case .jumpToNamedNode:
                jump(to: try namedNode(&stack), frames: &frames)
            case .detourToNode(let node):
                try checkDetourDepth(frames)
                start(node, frames: &frames)
            case .detourToNamedNode:
                try checkDetourDepth(frames)
                start(try namedNode(&stack), frames: &frames)
            case .enterGroupMember(let member):
                frames[top] = (member, story.nodes[member].entry)
                pendingEvents.append(.nodeStart(story.nodes[member].name))
            case .returnFromDetour, .endNode:
                exitTopFrame(&frames)
                if frames.isEmpty { pendingEvents.append(.end) }
            case .stop:
                while !frames.isEmpty { exitTopFrame(&frames) }
                pendingEvents.append(.end)
            case .callFunction:
                // Host functions may ask where they are called from (seeded text per place).
                callSite = (frames[top].node, pc)
                defer { callSite = nil }
                do {
                    try evaluate(instruction, stack: &stack)
                } catch let error as LoomError where error.location == nil {
                    // A host function's error without a place of its own happened at this call.
                    throw LoomError(error.kind, error.message, at: location(node: node, pc: pc), related: error.related)
                }
            default:
                try evaluate(instruction, stack: &stack)
            }
            // A string grows in the instruction that made it: its node and line.
            if let last = stack.last, case .string = last { try checkLength(last, node: node, pc: pc) }
        }
    }

    /// Throws when one more detour would pass ``StoryLimits/maximumDetourDepth``.
    func checkDetourDepth(_ frames: [(node: Int, pc: Int)]) throws {
        guard frames.count >= limits.maximumDetourDepth else { return }
        throw budgetError(
            "detours nested \(frames.count) deep (a node that detours into itself?); "
                + "StoryLimits.maximumDetourDepth is \(limits.maximumDetourDepth)", node: frames.last?.node,
            pc: frames.last.map { $0.pc - 1 })
    }

    /// Runs an instruction that only computes with the stack.
    func evaluate(_ instruction: Instruction, stack: inout [StoryValue]) throws {
        switch instruction {
        case .pushNumber(let value): stack.append(.number(value))
        case .pushString(let index): stack.append(.string(story.strings[index]))
        case .pushBool(let value): stack.append(.bool(value))
        case .pushVariable(let index):
            stack.append(storage.value(for: variableNames[index]) ?? story.variables[index].initialValue)
        case .storeVariable(let index):
            storage.setValue(stack.removeLast(), for: variableNames[index])
        case .not:
            stack.append(.bool(!stack.removeLast().boolValue))
        case .negate:
            stack.append(.number(-stack.removeLast().numberValue))
        case .binary(let op):
            let b = stack.removeLast()
            let a = stack.removeLast()
            stack.append(Operators.apply(op, a, b))
        case .callBuiltin(let builtin, let count):
            let arguments = Array(stack.suffix(count))
            stack.removeLast(count)
            stack.append(try call(builtin, arguments))
        case .callFunction(let index, let count):
            let arguments = Array(stack.suffix(count))
            stack.removeLast(count)
            guard let function = functions[index] else {
                throw LoomError(
                    .runtime, "the story calls '\(story.functionNames[index])', which the host has not registered")
            }
            stack.append(try function.body(arguments))
        case .pop:
            stack.removeLast()
        default:
            throw LoomError(.runtime, "instruction \(instruction) cannot run here")
        }
    }

    func namedNode(_ stack: inout [StoryValue]) throws -> Int {
        let name = stack.removeLast().description
        guard let node = story.node(named: name) else { throw LoomError(.runtime, "no node is named '\(name)'") }
        return node
    }

    /// Pushes a frame for a node; node groups run their selection code first, without events.
    func start(_ node: Int, frames: inout [(node: Int, pc: Int)]) {
        frames.append((node, story.nodes[node].entry))
        if !story.nodes[node].isGroup { pendingEvents.append(.nodeStart(story.nodes[node].name)) }
    }

    /// Leaves every node on the stack (counting their visits), then starts `node`.
    func jump(to node: Int, frames: inout [(node: Int, pc: Int)]) {
        while !frames.isEmpty { exitTopFrame(&frames) }
        start(node, frames: &frames)
    }

    func exitTopFrame(_ frames: inout [(node: Int, pc: Int)]) {
        let node = frames.removeLast().node
        let info = story.nodes[node]
        if info.isGroup { return }
        if info.tracked {
            visits[node] += 1
            if let group = info.group { visits[group] += 1 }
        }
        pendingEvents.append(.nodeEnd(info.name))
    }

    /// The text of a template with its arguments (popped from the stack) put in.
    func text(of index: Int, stack: inout [StoryValue]) -> String {
        let template = story.templates[index]
        var arguments = stack.suffix(template.argumentCount).makeIterator()
        var result = ""
        for segment in template.segments {
            switch segment {
            case .text(let text): result += text
            case .argument: result += arguments.next()?.description ?? ""
            }
        }
        stack.removeLast(template.argumentCount)
        return result
    }

    func makeLine(_ index: Int, stack: inout [StoryValue]) -> StoryLine {
        if let line = fixedLines[index] { return line }
        let template = story.templates[index]
        let markup = template.fixed ?? Markup.parse(text(of: index, stack: &stack))
        return StoryLine(
            id: template.id, text: markup.text, characterName: markup.characterName, tags: template.tags,
            attributes: markup.attributes)
    }
}
