import LoomCore

/// Saving and loading a play-through, versioned like LoomStory's `StoryState`.
extension InkRunner {
    /// The version of the save format this runtime writes.
    public static let saveFormatVersion = 1
    /// The oldest save format version this runtime loads.
    public static let oldestLoadableSaveFormatVersion = 1

    /// Everything that changes while playing, as JSON: the call stack and threads, variables,
    /// visit and turn counts, the choices on offer and the random engine.state. Loading it into a
    /// runner of the same story continues identically.
    public func saveState() -> String {
        var out =
            "{\"format\":\(InkRunner.saveFormatVersion),\"oldestLoadable\":\(InkRunner.oldestLoadableSaveFormatVersion)"
        out +=
            ",\"turn\":\(engine.state.currentTurnIndex),\"storySeed\":\(engine.state.storySeed),\"previousRandom\":\(engine.state.previousRandom)"
        out += ",\"didSafeExit\":\(engine.state.didSafeExit),\"threadCounter\":\(engine.state.callStack.threadCounter)"
        out += ",\"diverted\":"
        write(engine.state.divertedPointer, to: &out)
        out += ",\"threads\":["
        for (index, thread) in engine.state.callStack.threads.enumerated() {
            if index > 0 { out += "," }
            write(thread, to: &out)
        }
        out += "],\"evaluationStack\":["
        for (index, item) in engine.state.evaluationStack.enumerated() {
            if index > 0 { out += "," }
            switch item {
            case .value(let value):
                out += "{\"v\":"
                InkJSONWriter.write(value, to: &out)
                out += "}"
            case .void: out += "\"void\""
            case .tag(let text):
                out += "{\"tag\":"
                InkJSONWriter.string(text, to: &out)
                out += "}"
            }
        }
        out += "],\"output\":["
        for (index, item) in engine.state.output.enumerated() {
            if index > 0 { out += "," }
            switch item {
            case .text(let text):
                out += "{\"text\":"
                InkJSONWriter.string(text, to: &out)
                out += "}"
            case .glue: out += "\"glue\""
            case .command(let command):
                out += "{\"cmd\":"
                InkJSONWriter.string(command.rawValue, to: &out)
                out += "}"
            case .tag(let text):
                out += "{\"tag\":"
                InkJSONWriter.string(text, to: &out)
                out += "}"
            }
        }
        out += "],\"choices\":["
        for (index, choice) in engine.state.generatedChoices.enumerated() {
            if index > 0 { out += "," }
            out += "{\"text\":"
            InkJSONWriter.string(choice.text, to: &out)
            out += ",\"source\":"
            InkJSONWriter.string(choice.sourcePath, to: &out)
            out += ",\"targetPath\":"
            InkJSONWriter.string(choice.targetPath, to: &out)
            out += ",\"target\":"
            write(choice.target, to: &out)
            out += ",\"invisible\":\(choice.isInvisibleDefault),\"tags\":["
            out += choice.tags.map { tag in
                var text = ""
                InkJSONWriter.string(tag, to: &text)
                return text
            }.joined(separator: ",")
            out += "],\"thread\":"
            write(choice.thread, to: &out)
            out += "}"
        }
        out += "],\"globals\":"
        writeVariables(engine.state.globals, to: &out)
        out += ",\"visits\":{"
        var first = true
        for container in story.containers where engine.state.visitCounts[container.id] != 0 {
            if !first { out += "," }
            first = false
            InkJSONWriter.string(container.path, to: &out)
            out += ":\(engine.state.visitCounts[container.id])"
        }
        out += "},\"turns\":{"
        first = true
        for container in story.containers {
            guard let turn = engine.state.turnIndices[container.id] else { continue }
            if !first { out += "," }
            first = false
            InkJSONWriter.string(container.path, to: &out)
            out += ":\(turn)"
        }
        out += "}}"
        return out
    }

    /// Restores a state ``saveState()`` wrote for this story.
    /// - Throws: `LoomError` (`.format`) for a save of an unsupported version, a save of
    ///   another story, or malformed JSON; the runner is unchanged then.
    public func loadState(_ json: String, file: String = "<save>") throws {
        let document = try LocatedJSON.parse(json, file: file)
        guard let version = document["format"]?.number?.exactly(Int.self) else {
            throw LoomError(.format, "expected an ink save with a 'format' version", at: document.location)
        }
        guard version <= InkRunner.saveFormatVersion, version >= InkRunner.oldestLoadableSaveFormatVersion else {
            throw LoomError(
                .format,
                "ink save format \(version) is not supported (this runtime loads \(InkRunner.oldestLoadableSaveFormatVersion) to \(InkRunner.saveFormatVersion))",
                at: document["format"]?.location)
        }
        let reader = InkSaveReader(story: story)
        var loaded = InkState(story: story, seed: 0)
        loaded.currentTurnIndex = try reader.int(document, "turn")
        loaded.storySeed = Int32(truncatingIfNeeded: try reader.int(document, "storySeed"))
        loaded.previousRandom = Int32(truncatingIfNeeded: try reader.int(document, "previousRandom"))
        loaded.didSafeExit = document["didSafeExit"]?.bool ?? false
        loaded.divertedPointer = try reader.pointer(document["diverted"])
        var callStack = InkCallStack(start: .null)
        callStack.threadCounter = try reader.int(document, "threadCounter")
        callStack.threads = try (document["threads"]?.elements ?? []).map(reader.thread)
        guard !callStack.threads.isEmpty else {
            throw LoomError(.format, "a save needs at least one thread", at: document.location)
        }
        loaded.callStack = callStack
        loaded.evaluationStack = try (document["evaluationStack"]?.elements ?? []).map(reader.stackItem)
        loaded.output = try (document["output"]?.elements ?? []).map(reader.outputItem)
        loaded.generatedChoices = try (document["choices"]?.elements ?? []).map(reader.choice)
        loaded.globals = try reader.variables(document["globals"])
        for member in document["visits"]?.members ?? [] {
            guard let container = story.container(atPath: member.key) else {
                throw LoomError(
                    .format, "the save counts visits to '\(member.key)', which this story lacks", at: member.keyLocation
                )
            }
            loaded.visitCounts[container.id] = member.value.number?.exactly(Int.self) ?? 0
        }
        for member in document["turns"]?.members ?? [] {
            guard let container = story.container(atPath: member.key) else {
                throw LoomError(
                    .format, "the save records turns for '\(member.key)', which this story lacks",
                    at: member.keyLocation)
            }
            loaded.turnIndices[container.id] = member.value.number?.exactly(Int.self) ?? 0
        }
        engine.state = loaded
        engine.snapshot = nil
        engine.sawLookaheadUnsafeFunction = false
    }

    private func write(_ pointer: InkPointer, to out: inout String) {
        guard let container = pointer.container else {
            out += "null"
            return
        }
        out += "{\"c\":"
        InkJSONWriter.string(container.path, to: &out)
        out += ",\"i\":\(pointer.index)}"
    }

    private func write(_ thread: InkThread, to out: inout String) {
        out += "{\"index\":\(thread.index),\"previous\":"
        write(thread.previousPointer, to: &out)
        out += ",\"frames\":["
        for (index, frame) in thread.frames.enumerated() {
            if index > 0 { out += "," }
            out += "{\"pointer\":"
            write(frame.pointer, to: &out)
            out += ",\"eval\":\(frame.inExpressionEvaluation),\"type\":\(frame.type.rawValue)"
            out += ",\"height\":\(frame.evaluationStackHeight),\"start\":\(frame.functionStartInOutput),\"temps\":"
            writeVariables(frame.temporaries, to: &out)
            out += "}"
        }
        out += "]}"
    }

    private func writeVariables(_ variables: [String: InkValue], to out: inout String) {
        out += "{"
        for (index, name) in variables.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            InkJSONWriter.string(name, to: &out)
            out += ":"
            InkJSONWriter.write(variables[name]!, to: &out)
        }
        out += "}"
    }
}
