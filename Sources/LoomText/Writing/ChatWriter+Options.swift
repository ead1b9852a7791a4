import LoomCore

/// What a story asks a ``ChatWriter`` to propose: options for the player, after the authored ones.
public struct StoryOptionsRequest: Sendable, Hashable {
    /// The system prompt: the world's voice and its facts (see ``StoryLineRequest/system``).
    public var system: String
    /// Facts that change as the story goes. Default: none.
    public var situation: [String]
    /// The last lines the player read, oldest first. Default: none.
    public var scene: [String]
    /// What the options are about, from the story: `"what the player might do at the harbour"`.
    public var instruction: String
    /// How many options to propose. Default: 3; 1...8.
    public var count: Int
    /// The authored options offered beside them; proposals repeating one are refused.
    /// Default: none.
    public var authored: [String]
    /// Lines the player read or chose earlier, beyond ``scene``, that a proposal must not repeat
    /// word for word or nearly (the options chosen a few lines back). Default: none.
    public var earlier: [String] = []
    /// Longest option, in characters. Default: 60.
    public var maxCharacters: Int
    /// Lists drawn at most (seeds derived from ``seed``) while fewer than ``count`` options
    /// passed. Default: 3.
    public var attempts: Int
    /// The seed of the first list.
    public var seed: Seed
    /// How tokens are drawn.
    public var sampling: ChatSampling

    /// A request; see each property for its default.
    public init(
        system: String, situation: [String] = [], scene: [String] = [], instruction: String, count: Int = 3,
        authored: [String] = [], maxCharacters: Int = 60, attempts: Int = 3, seed: Seed,
        sampling: ChatSampling = ChatSampling()
    ) {
        self.system = system
        self.situation = situation
        self.scene = scene
        self.instruction = instruction
        self.count = count
        self.authored = authored
        self.maxCharacters = maxCharacters
        self.attempts = attempts
        self.seed = seed
        self.sampling = sampling
    }

    /// The user's turn: the situation, the scene, then the task and the answer's format.
    public var userMessage: String {
        var parts: [String] = []
        if !situation.isEmpty { parts.append(situation.joined(separator: " ")) }
        if !scene.isEmpty { parts.append("The story so far:\n" + scene.joined(separator: "\n")) }
        var task = "List \(count) different things the player could do next: \(instruction)."
        if !authored.isEmpty {
            task += " Not these: " + authored.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        }
        task += " Answer with a JSON list of \(count) strings, each a short command that starts with a verb."
        parts.append(task)
        return parts.joined(separator: "\n\n")
    }
}

/// What ``ChatWriter/writeOptions(_:guard:)`` proposed.
public struct StoryOptionsOutcome: Sendable, Hashable {
    /// The options that passed, in the order written, at most the request's count.
    public var options: [String]
    /// Every proposal, in the order written, with the guard's verdict.
    public var candidates: [WrittenCandidate]
    /// Lists sampled.
    public var lists: Int
    /// Tokens the model computed.
    public var computedTokens: Int
}

extension ChatWriter {
    /// The reply's opening for proposed options: the list's first quote, so the model writes
    /// the first option at once.
    static let optionListOpening = "[\""

    /// The messages of `request` as the model reads them, the reply opened with `["`.
    public func prompt(for request: StoryOptionsRequest) -> String {
        prompt([.system(request.system), .user(request.userMessage)], replyPrefix: Self.optionListOpening)
    }

    /// Proposes options: samples a JSON list held to an ``OptionListGrammar`` of
    /// `request.count` strings of at most `request.maxCharacters` characters, each starting
    /// with one of ``OptionListGrammar/imperativeVerbs`` (so it always parses, and reads as
    /// something the player does), and holds each option to `lineGuard` as a phrase
    /// (``LineGuard/wholeSentences`` off, at most 12 words), refusing repeats of an authored
    /// option, of one already kept or of `request.earlier` (an option the player chose), word
    /// for word or nearly (``LineGuard/repetitionOverlap``: "Go to the harbour with Neta." after
    /// "Go down to the harbour with Neta"), and of a line of the scene word for word. Draws another list (seed
    /// `request.seed.derive("list").derive(k, 0)`) while fewer than `count` passed, up to
    /// `request.attempts` lists.
    public func writeOptions(_ request: StoryOptionsRequest, guard lineGuard: LineGuard) throws -> StoryOptionsOutcome {
        let count = min(max(1, request.count), 8)
        var grammar = OptionListGrammar(
            maxItems: count, minCharacters: 3, maxCharacters: request.maxCharacters,
            firstWords: OptionListGrammar.imperativeVerbs)
        grammar.minItems = count
        var rules = lineGuard
        rules.wholeSentences = false
        rules.minWords = 2
        rules.maxWords = 12
        rules.maxCharacters = request.maxCharacters
        let prompt = prompt(for: request)
        // Lines read or chosen earlier, lowercased once: a proposal repeating one word for word is refused.
        let earlier = Set((request.scene + request.earlier).map { $0.lowercased() })
        var outcome = StoryOptionsOutcome(options: [], candidates: [], lists: 0, computedTokens: 0)
        for attempt in 0..<max(1, request.attempts) where outcome.options.count < count {
            let seed = attempt == 0 ? request.seed : request.seed.derive("list").derive(attempt, 0)
            let sample = try self.sample(
                prompt: prompt, seed: seed, sampling: request.sampling, maxTokens: count * 24 + 8, stop: .endOfTurn,
                grammar: grammar, grammarPrefix: Self.optionListOpening)
            outcome.lists += 1
            outcome.computedTokens += sample.computedTokens
            // A list cut by the token budget keeps the options it finished.
            for option in Self.finishedOptions(Self.optionListOpening + sample.text) {
                var check = rules
                check.recentLines = request.authored + outcome.options + request.earlier
                let repeatsScene = earlier.contains(option.lowercased())
                let rejection =
                    repeatsScene ? LineGuard.Rejection(rule: .repetition, detail: option) : check.check(option)
                outcome.candidates.append(WrittenCandidate(text: option, rejection: rejection, score: nil))
                if rejection == nil, outcome.options.count < count { outcome.options.append(option) }
            }
        }
        return outcome
    }

    /// The options whose closing quote `text` (a list, whole or cut short) reached.
    static func finishedOptions(_ text: String) -> [String] { OptionListGrammar.closedStrings(in: text) }
}
