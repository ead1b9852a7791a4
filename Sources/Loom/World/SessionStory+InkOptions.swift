import LoomCore
import LoomInk
import LoomStory

/// Model-written options in an ink world: the line `>>> generate_options "what the player might
/// do" 3` asks the world's option writer (``WorldOptionWriter``, as for Yarn's
/// `<<generate_options>>`) for up to 3 options, offered after the story's own choices at the
/// next choice point. The arguments are Yarn's: the instruction, the count (1...8), the route
/// (only `passage` in ink), then the variables a chosen option sets (`$plan`: a string gets the
/// option's text, a bool `true`, a number one more).
///
/// A chosen generated option shows the passage the writer writes about it, then the story's
/// own choices wait again (ink has no "after the choices" to go on to without one of them). What
/// was written is kept in the session's saved text, under the call's key (the knot and the
/// number of turns taken), so a replay or a loaded save offers the same options and passages.
extension InkSessionStory {
    /// The call waiting for the next choice point: its key and arguments.
    static let pendingOptionsKey = "options:pending"
    /// The key of the call whose options the current choice point offers.
    static let offeredOptionsKey = "options:offered"
    /// Separates the fields of a kept call.
    private static let separator = "\u{1F}"

    /// Reads `>>> generate_options …` (its words, the name first) and keeps it for the next
    /// choice point.
    func prepareGeneratedOptions(_ words: [String]) throws {
        let key = "\(runner.currentKnot ?? "top")@\(runner.turns)"
        let call = try generatedOptionsCall(words, key: key)
        for variable in call.variables where runner.variable(Self.variable(variable)) == nil {
            throw LoomError(
                .runtime, "generate_options: the story declares no variable '\(Self.variable(variable))'",
                at: SourceLocation(file: file))
        }
        generatedText[Self.pendingOptionsKey] = ([key] + words).joined(separator: Self.separator)
    }

    /// The call of `words`, its errors located in the story file.
    private func generatedOptionsCall(_ words: [String], key: String) throws -> GeneratedOptionsCall {
        do {
            let call = try GeneratedOptionsCall.parse(words, key: key)
            guard call.route == .passage else {
                throw LoomError(
                    .runtime,
                    "generate_options: an ink story's generated options lead to passages; the about route is Yarn's")
            }
            return call
        } catch let error as LoomError {
            throw LoomError(error.kind, error.message, at: SourceLocation(file: file))
        }
    }

    /// The kept call of `key` (from the pending or offered record).
    private func keptCall(_ stored: String) throws -> GeneratedOptionsCall {
        let fields = stored.components(separatedBy: Self.separator)
        return try generatedOptionsCall(Array(fields.dropFirst()), key: fields[0])
    }

    /// At a choice point: writes (or takes from the saved text) the options of the waiting call
    /// and offers them with the story's choices.
    func offerGeneratedOptions() throws {
        guard let pending = generatedText.removeValue(forKey: Self.pendingOptionsKey) else { return }
        let call = try keptCall(pending)
        generatedText["options:\(call.key)/call"] = pending
        if generatedText["options:\(call.key)"] == nil {
            var texts: [String] = []
            if let optionWriter {
                let request = GeneratedOptionsRequest(
                    call: call, authored: runner.currentChoices.map(\.text),
                    seed: seed.derive("options").derive(call.key))
                texts = try optionWriter.writeOptions(request).prefix(call.count).map {
                    $0.split(whereSeparator: \.isNewline).joined(separator: " ")
                }.filter { !$0.isEmpty }
            }
            generatedText["options:\(call.key)"] = texts.joined(separator: "\n")
        }
        generatedText[Self.offeredOptionsKey] = call.key
    }

    /// The generated options offered now, numbered after the story's `inkCount` choices.
    func generatedChoices(after inkCount: Int) -> [StoryPlayerChoice] {
        guard inkCount > 0, let key = generatedText[Self.offeredOptionsKey],
            let texts = generatedText["options:\(key)"], !texts.isEmpty
        else { return [] }
        return texts.split(separator: "\n").enumerated().map { slot, text in
            StoryPlayerChoice(
                index: inkCount + slot, text: String(text), isAvailable: true,
                tags: ["generated", "generated:\(key)/\(slot)", "route:passage"])
        }
    }

    /// Carries out the choice of generated option `slot`: sets the call's variables and
    /// returns the lines of its passage; the story's own choices keep waiting.
    func chooseGenerated(_ slot: Int) throws -> [String] {
        guard let key = generatedText.removeValue(forKey: Self.offeredOptionsKey),
            let stored = generatedText["options:\(key)/call"]
        else { throw LoomError(.invalidArgument, "no generated option \(slot + 1) is offered") }
        let call = try keptCall(stored)
        let texts = (generatedText["options:\(key)"] ?? "").split(separator: "\n").map(String.init)
        guard texts.indices.contains(slot) else {
            throw LoomError(.invalidArgument, "no generated option \(slot + 1) is offered")
        }
        let option = texts[slot]
        for variable in call.variables {
            let name = Self.variable(variable)
            switch runner.variable(name) {
            case .string?: try runner.setVariable(name, to: .string(option))
            case .bool?: try runner.setVariable(name, to: .bool(true))
            case .number(let number)?: try runner.setVariable(name, to: .number(number + 1))
            default:
                throw LoomError(
                    .runtime, "generate_options: the story has no string, bool or number variable '\(name)'")
            }
        }
        let passageKey = "options:\(key)/\(slot)/passage"
        if generatedText[passageKey] == nil {
            var lines: [String] = []
            if let optionWriter {
                let request = GeneratedOptionsRequest(
                    call: call, authored: [], seed: seed.derive("options").derive(call.key))
                lines = try optionWriter.writePassage(
                    for: option, request: request, seed: seed.derive("passage").derive("\(key)/\(slot)")
                ).map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.filter { !$0.isEmpty }
            }
            generatedText[passageKey] = lines.joined(separator: "\n")
        }
        let passage = generatedText[passageKey] ?? ""
        return passage.isEmpty ? [] : passage.split(separator: "\n").map(String.init)
    }
}
