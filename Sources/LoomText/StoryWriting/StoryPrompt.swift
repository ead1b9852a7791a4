import LoomCore

/// How `generate` builds the prompt a world's transformer continues: sentences of world facts,
/// the last story lines, then the story's instruction (`generate("The room", …)`'s first argument).
///
/// `Codable`, so `world.lua`'s `text.prompt` table, the CLI and a UI share it.
///
/// ```lua
/// text = { model = "…", prompt = { facts = { "The crypt has {rooms} rooms." }, lines = 2, characters = 320 } }
/// ```
public struct StoryPromptSettings: Sendable, Codable, Hashable {
    /// Sentences about the world, in order. `{name}` stands for the generated world's fact
    /// `name` (`fact("name")` in Yarn) and `{$name}` for the story variable `$name`; a sentence
    /// naming a fact or variable that does not exist is left out. Default: none.
    public var facts: [String]
    /// How many of the most recent story lines precede the instruction (each ending as a
    /// sentence; see ``StoryPrompt/asSentence(_:)``). Default: 3; 0...32.
    public var recentLines: Int
    /// Whether recent lines keep their speaker's `Name: `. Default: `false` (prose models are
    /// trained on prose, not on dialogue scripts).
    public var speakers: Bool
    /// The most characters the whole prompt may hold. The instruction is always kept; then the
    /// newest lines while they fit, then the facts in order that fit. Default: 400; 16...100,000.
    public var characterBudget: Int

    /// The most story lines a story keeps for prompts (the upper bound of ``recentLines``).
    public static let maximumRecentLines = 32

    /// Settings; see each property for its default.
    public init(facts: [String] = [], recentLines: Int = 3, speakers: Bool = false, characterBudget: Int = 400) {
        self.facts = facts
        self.recentLines = recentLines
        self.speakers = speakers
        self.characterBudget = characterBudget
    }

    /// Throws `.invalidArgument` naming the first field out of range.
    public func validate() throws {
        guard (0...Self.maximumRecentLines).contains(recentLines) else {
            throw LoomError(
                .invalidArgument, "recentLines must be 0...\(Self.maximumRecentLines) (got \(recentLines))")
        }
        guard (16...100_000).contains(characterBudget) else {
            throw LoomError(.invalidArgument, "characterBudget must be 16...100000 (got \(characterBudget))")
        }
    }
}

/// A prompt assembled from a story's state: fact sentences, recent lines and the instruction.
///
/// ``text`` joins the parts with single spaces in that order. The same state gives the same
/// text, byte for byte.
public struct StoryPrompt: Sendable, Hashable {
    /// Fact sentences with their placeholders filled, in declared order: those that name only
    /// facts of the generated world, which stay the same for a whole playthrough.
    public var facts: [String]
    /// Fact sentences that name story variables (`{$role}`), filled with their values now:
    /// what changes as the story goes.
    public var situation: [String]
    /// Recent story lines, oldest first.
    public var lines: [String]
    /// The story's instruction (kept whole, always last).
    public var instruction: String

    /// A prompt from parts.
    public init(facts: [String] = [], situation: [String] = [], lines: [String] = [], instruction: String) {
        self.facts = facts
        self.situation = situation
        self.lines = lines
        self.instruction = instruction
    }

    /// The parts joined by single spaces: facts, situation, lines, instruction (empty parts
    /// skipped).
    public var text: String {
        (facts + situation + lines + [instruction]).map { $0.trimmedOfWhitespace }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// The prompt cut to at most `characters` characters where it can be (the instruction
    /// stays whole); see ``fitted(where:)``.
    public func fitted(characters: Int) -> StoryPrompt {
        fitted { $0.text.count <= characters }
    }

    /// The largest prompt `fits` accepts, built up in priority order: the instruction alone,
    /// then lines from the newest back until one does not fit (so the kept lines stay
    /// contiguous), then each fact in order, skipping a fact that does not fit (a later,
    /// shorter one may).
    public func fitted(where fits: (StoryPrompt) -> Bool) -> StoryPrompt {
        var kept = StoryPrompt(instruction: instruction)
        for line in lines.reversed() {
            var trial = kept
            trial.lines.insert(line, at: 0)
            guard fits(trial) else { break }
            kept = trial
        }
        for fact in situation {
            var trial = kept
            trial.situation.append(fact)
            if fits(trial) { kept = trial }
        }
        for fact in facts {
            var trial = kept
            trial.facts.append(fact)
            if fits(trial) { kept = trial }
        }
        return kept
    }

    /// `line` ending as a sentence: a full stop is added when it ends without one of
    /// `. ! ? … " ' ” ’ )` (an option's text, such as `Go down`, reads as `Go down.`).
    public static func asSentence(_ line: String) -> String {
        let trimmed = line.trimmedOfWhitespace
        guard let last = trimmed.last, !".!?…\"'\u{201D}\u{2019})".contains(last) else { return trimmed }
        return trimmed + "."
    }

    /// `line` without a leading speaker's `Name: ` (one to three words of letters, then a
    /// colon and a space); other lines are returned unchanged.
    public static func withoutSpeaker(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return line }
        let name = line[..<colon]
        let after = line.index(after: colon)
        guard !name.isEmpty, name.count <= 32, after < line.endIndex, line[after] == " ",
            name.split(separator: " ").count <= 3,
            name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" })
        else { return line }
        return String(line[line.index(after: after)...])
    }
}
