import LoomCore

extension StoryRunner {
    /// The key in ``generatedText`` under which a `<<generate_options>>` call waits for the next
    /// option set (so a save between the two keeps it).
    static let pendingOptionsKey = "pending-options"
    /// The key in ``generatedText`` under which the lines of a chosen generated option's passage
    /// wait to be shown, one per line of the value.
    static let pendingPassageKey = "pending-passage"
    /// Separates the fields of a waiting call.
    private static let separator: Character = "\u{1F}"

    /// Reads a `<<generate_options …>>` command run at `pc` of `node` and keeps it for the next
    /// option set.
    func prepareGeneratedOptions(_ arguments: [String], node: Int, pc: Int) throws {
        let info = story.nodes[node]
        let key = "\(info.name)@\(pc - info.entry)#\(visits[node])"
        let call: GeneratedOptionsCall
        do {
            call = try GeneratedOptionsCall.parse(arguments, key: key)
        } catch let error as LoomError {
            throw LoomError(error.kind, "in node '\(info.name)': \(error.message)", at: location(node: node, pc: pc))
        }
        for variable in call.variables where !variableNames.contains(variable) {
            throw LoomError(
                .runtime, "in node '\(info.name)': generate_options: the story declares no variable '\(variable)'",
                at: location(node: node, pc: pc))
        }
        generatedText[Self.pendingOptionsKey] = ([key] + arguments).joined(separator: String(Self.separator))
    }

    /// Adds the options of the waiting `<<generate_options>>` call, if any, to ``options``:
    /// from the cache when this playthrough wrote them before, else from ``optionWriter``
    /// (nothing without one). Each leads to `exit` (past the option set) unless its route
    /// jumps to a node.
    func appendGeneratedOptions(exit: Int) throws {
        guard let pending = generatedText.removeValue(forKey: Self.pendingOptionsKey) else { return }
        let fields = pending.split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init)
        guard let key = fields.first else { return }
        let call = try GeneratedOptionsCall.parse(Array(fields.dropFirst()), key: key)
        // Kept for the passage of the option the player chooses.
        generatedText[key + "/call"] = pending
        let request = GeneratedOptionsRequest(
            call: call, authored: options.filter(\.isAvailable).map(\.line.textWithoutCharacterName),
            seed: seed.derive("options").derive(key))
        let texts: [String]
        if let cached = generatedText[key + "/options"] {
            texts = cached.isEmpty ? [] : cached.split(separator: "\n").map(String.init)
        } else {
            guard let optionWriter else { return }
            texts = try optionWriter.writeOptions(request).prefix(call.count).map {
                $0.split(whereSeparator: \.isNewline).joined(separator: " ")
            }.filter { !$0.isEmpty }
            generatedText[key + "/options"] = texts.joined(separator: "\n")
        }
        let routes = try generatedRoutes(texts, call: call)
        for (slot, text) in texts.enumerated() {
            var tags = ["generated", "generated:\(key)/\(slot)"]
            tags.append(routes[slot].map { "route:about:\($0)" } ?? "route:passage")
            tags += call.variables.map { "sets:\($0)" }
            let line = StoryLine(
                id: "generated:\(key)/\(slot)", text: text, characterName: nil, tags: tags, attributes: [])
            options.append(StoryOption(index: options.count, line: line, isAvailable: true, destination: exit))
        }
    }

    /// For each text, the node an `about` call leads to (the node whose `#about:` tags are most
    /// similar), or `nil` for a passage; cached beside the options. Without an embedder or
    /// nodes with `#about:` tags, every option gets a passage.
    private func generatedRoutes(_ texts: [String], call: GeneratedOptionsCall) throws -> [String?] {
        guard call.route == .about else { return texts.map { _ in nil } }
        if let cached = generatedText[call.key + "/routes"] {
            let names = cached.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if names.count == texts.count { return names.map { $0.isEmpty ? nil : $0 } }
        }
        let topics = story.nodes.indices.compactMap { index -> (name: String, about: String)? in
            let node = story.nodes[index]
            guard !node.isGroup, let about = Self.aboutText(node.tags) else { return nil }
            return (node.name, about)
        }
        guard let embedder = textEmbedder, !topics.isEmpty, !texts.isEmpty else { return texts.map { _ in nil } }
        let vectors = try story.embeddings.embed(topics.map(\.about), transient: texts, with: embedder)
        let routes: [String?] = texts.indices.map { slot in
            var best = 0
            var bestScore = -Float.infinity
            for (index, vector) in vectors.cached.enumerated() {
                let score = TextEmbedding.rounded(TextEmbedding.cosine(vectors.transient[slot], vector))
                if score > bestScore {
                    bestScore = score
                    best = index
                }
            }
            return topics[best].name
        }
        generatedText[call.key + "/routes"] = routes.map { $0 ?? "" }.joined(separator: "\n")
        return routes
    }

    /// The topic of `about:` tags (commas and underscores read as spaces), or `nil` without one.
    static func aboutText(_ tags: [String]) -> String? {
        let topics = tags.filter { $0.hasPrefix("about:") }.map { tag in
            String(tag.dropFirst(6).map { $0 == "_" || $0 == "," ? " " : $0 })
        }
        return topics.isEmpty ? nil : topics.joined(separator: " ")
    }

    /// Carries out the choice of a generated option: sets the variables its call lists, then
    /// jumps to its node or queues its passage. Returns `false` for an authored option.
    func chooseGenerated(_ option: StoryOption) throws -> Bool {
        guard option.line.tags.first == "generated",
            let id = option.line.tags.first(where: { $0.hasPrefix("generated:") })?.dropFirst(10)
        else { return false }
        for tag in option.line.tags where tag.hasPrefix("sets:") {
            let name = String(tag.dropFirst(5))
            switch value(of: name) {
            case .string: try setValue(.string(option.line.text), of: name)
            case .bool: try setValue(.bool(true), of: name)
            case .number(let number): try setValue(.number(number + 1), of: name)
            case nil: throw LoomError(.runtime, "generate_options: the story has no variable '\(name)'")
            }
        }
        if let route = option.line.tags.first(where: { $0.hasPrefix("route:about:") }) {
            let name = String(route.dropFirst(12))
            guard let node = story.node(named: name) else {
                throw LoomError(.runtime, "a generated option leads to '\(name)', which the story does not have")
            }
            jump(to: node, frames: &frames)
            return true
        }
        let passageKey = "\(id)/passage"
        var lines: [String]
        if let cached = generatedText[passageKey] {
            lines = cached.isEmpty ? [] : cached.split(separator: "\n").map(String.init)
        } else if let optionWriter, let call = try callOfGeneratedOption(String(id)) {
            let request = GeneratedOptionsRequest(
                call: call, authored: [], seed: seed.derive("options").derive(call.key))
            lines = try optionWriter.writePassage(
                for: option.line.text, request: request, seed: seed.derive("passage").derive(String(id)))
            lines = lines.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.filter { !$0.isEmpty }
            generatedText[passageKey] = lines.joined(separator: "\n")
        } else {
            lines = []
        }
        if !lines.isEmpty { generatedText[Self.pendingPassageKey] = lines.joined(separator: "\n") }
        return true
    }

    /// The call that wrote the generated option `id` (`key/slot`), rebuilt from the cache.
    private func callOfGeneratedOption(_ id: String) throws -> GeneratedOptionsCall? {
        guard let slash = id.lastIndex(of: "/"), let stored = generatedText[id[..<slash] + "/call"] else { return nil }
        let fields = stored.split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init)
        return try GeneratedOptionsCall.parse(Array(fields.dropFirst()), key: fields[0])
    }

    /// The next waiting line of a generated passage, removed from the queue, or `nil`.
    func takePassageLine() -> StoryLine? {
        guard let waiting = generatedText[Self.pendingPassageKey] else { return nil }
        var lines = waiting.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let text = lines.removeFirst()
        generatedText[Self.pendingPassageKey] = lines.isEmpty ? nil : lines.joined(separator: "\n")
        return StoryLine(id: "generated:passage", text: text, characterName: nil, tags: ["generated"], attributes: [])
    }
}
