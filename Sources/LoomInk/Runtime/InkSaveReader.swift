import LoomCore

/// Reads the parts of a save ``InkRunner/saveState()`` wrote.
struct InkSaveReader {
    let story: InkStory

    func int(_ json: LocatedJSON, _ key: String) throws -> Int {
        guard let value = json[key]?.number?.exactly(Int.self) else {
            throw LoomError(.format, "expected a whole number for '\(key)'", at: json[key]?.location ?? json.location)
        }
        return value
    }

    func pointer(_ json: LocatedJSON?) throws -> InkPointer {
        guard let json, !json.isNull else { return .null }
        guard let path = json["c"]?.string, let index = json["i"]?.number?.exactly(Int.self) else {
            throw LoomError(.format, "expected a pointer {\"c\": path, \"i\": index}", at: json.location)
        }
        guard let container = story.container(atPath: path) ?? (path.isEmpty ? story.root : nil) else {
            throw LoomError(.format, "the save points into '\(path)', which this story lacks", at: json.location)
        }
        guard index >= -1, index <= container.content.count else {
            throw LoomError(.format, "index \(index) is outside '\(path)'", at: json.location)
        }
        return InkPointer(container: container, index: index)
    }

    func value(_ json: LocatedJSON) throws -> InkValue {
        guard case .value(let value) = try InkJSONReader.object(json) else {
            throw LoomError(.format, "expected a value", at: json.location)
        }
        return value
    }

    func variables(_ json: LocatedJSON?) throws -> [String: InkValue] {
        var result: [String: InkValue] = [:]
        for member in json?.members ?? [] { result[member.key] = try value(member.value) }
        return result
    }

    func thread(_ json: LocatedJSON) throws -> InkThread {
        var frames: [InkCallFrame] = []
        for frameJSON in json["frames"]?.elements ?? [] {
            guard let type = InkPushType(rawValue: try int(frameJSON, "type")) else {
                throw LoomError(.format, "unknown call frame type", at: frameJSON.location)
            }
            var frame = InkCallFrame(pointer: try pointer(frameJSON["pointer"]), type: type)
            frame.inExpressionEvaluation = frameJSON["eval"]?.bool ?? false
            frame.evaluationStackHeight = try int(frameJSON, "height")
            frame.functionStartInOutput = try int(frameJSON, "start")
            frame.temporaries = try variables(frameJSON["temps"])
            frames.append(frame)
        }
        guard !frames.isEmpty else { throw LoomError(.format, "a thread needs at least one frame", at: json.location) }
        var thread = InkThread(frames: frames)
        thread.index = try int(json, "index")
        thread.previousPointer = try pointer(json["previous"])
        return thread
    }

    func stackItem(_ json: LocatedJSON) throws -> InkStackItem {
        if json.string == "void" { return .void }
        if let tag = json["tag"]?.string { return .tag(tag) }
        guard let inner = json["v"] else {
            throw LoomError(.format, "expected an evaluation stack item", at: json.location)
        }
        return .value(try value(inner))
    }

    func outputItem(_ json: LocatedJSON) throws -> InkOutput {
        if json.string == "glue" { return .glue }
        if let text = json["text"]?.string { return .text(text) }
        if let tag = json["tag"]?.string { return .tag(tag) }
        if let name = json["cmd"]?.string, let command = InkCommand(rawValue: name) { return .command(command) }
        throw LoomError(.format, "expected an output item", at: json.location)
    }

    func choice(_ json: LocatedJSON) throws -> InkChoice {
        guard let text = json["text"]?.string, let threadJSON = json["thread"] else {
            throw LoomError(.format, "expected a choice with text and a thread", at: json.location)
        }
        return InkChoice(
            text: text, index: 0, tags: (json["tags"]?.elements ?? []).compactMap(\.string),
            sourcePath: json["source"]?.string ?? "", target: try pointer(json["target"]),
            targetPath: json["targetPath"]?.string ?? "", isInvisibleDefault: json["invisible"]?.bool ?? false,
            thread: try thread(threadJSON))
    }
}
