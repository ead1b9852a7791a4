import LoomCore

/// What a story asks a ``ChatWriter`` to write: one line, in the world's voice, after the
/// scene so far.
public struct StoryLineRequest: Sendable, Hashable {
    /// The system prompt: the world's voice and its facts. Kept first and unchanged between
    /// calls of one playthrough, so the model computes it once.
    public var system: String
    /// Facts that change as the story goes (the room the player is in), told after the system
    /// prompt. Default: none.
    public var situation: [String]
    /// The last lines the player read, oldest first. Default: none.
    public var scene: [String]
    /// The writer's instruction from the story (`"what the captain says about the tide"`), or
    /// empty for the next line of the story. Default: empty.
    public var instruction: String
    /// The words the line begins with (`"The tide"`): the model's reply opens with them and
    /// continues. Default: empty.
    public var prefix: String
    /// The longest line, in words. Default: 24.
    public var maxWords: Int
    /// Whether what follows ``prefix`` must start a new word (the story puts it after a space of
    /// its own), so it never begins with `'s` or a comma. Default: `false`.
    public var continuesAfterSpace = false
    /// Candidates drawn (seeds derived from ``seed``); the best that passes the guard is kept.
    /// Default: 3.
    public var candidates: Int
    /// The seed of the first candidate.
    public var seed: Seed
    /// How tokens are drawn.
    public var sampling: ChatSampling

    /// A request; see each property for its default.
    public init(
        system: String, situation: [String] = [], scene: [String] = [], instruction: String = "", prefix: String = "",
        maxWords: Int = 24, candidates: Int = 3, seed: Seed, sampling: ChatSampling = ChatSampling()
    ) {
        self.system = system
        self.situation = situation
        self.scene = scene
        self.instruction = instruction
        self.prefix = prefix
        self.maxWords = maxWords
        self.candidates = candidates
        self.seed = seed
        self.sampling = sampling
    }

    /// The user's turn: the situation, then what to write. The scene is not in it: the
    /// reply opens with the scene's lines, as if the model had written them, and goes on from
    /// ``prefix`` (see ``replyOpening``), so a small model continues the story in its voice
    /// instead of talking about it.
    public var userMessage: String {
        var parts: [String] = []
        if !situation.isEmpty { parts.append(situation.joined(separator: " ")) }
        var task = "Tell the story in short, plain sentences of at most \(maxWords) words"
        if !instruction.isEmpty { task += ". Next, tell \(instruction)" }
        parts.append(task + ".")
        return parts.joined(separator: "\n\n")
    }

    /// How the reply opens: the scene's lines, then ``prefix``; the model continues from there.
    public var replyOpening: String {
        (scene + [prefix]).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// What the candidates are ranked against: the instruction, the line's opening and the
    /// scene's last line.
    var rankingContext: String {
        ([instruction, prefix] + scene.suffix(1)).filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// One candidate a writer drew for a line or an option, and what became of it.
public struct WrittenCandidate: Sendable, Hashable {
    /// The whole text (the prefix included).
    public var text: String
    /// Why the guard refused it, or `nil` when it passed.
    public var rejection: LineGuard.Rejection?
    /// Its similarity to the request (rounded to four decimals), when an embedder ranked it.
    public var score: Float?
}

/// What ``ChatWriter/writeLine(_:guard:embedder:)`` wrote.
public struct StoryLineOutcome: Sendable, Hashable {
    /// The chosen line, the prefix included, or `nil` when every candidate failed the guard.
    public var line: String?
    /// The chosen line without the request's prefix (what follows `"The tide"`).
    public var continuation: String?
    /// Every candidate, in the order drawn.
    public var candidates: [WrittenCandidate]
    /// Tokens the model computed (prompt tokens not in its cache, and sampled ones).
    public var computedTokens: Int
}

extension ChatWriter {
    /// The messages of `request` as the model reads them, the reply opened with its prefix.
    public func prompt(for request: StoryLineRequest) -> String {
        prompt([.system(request.system), .user(request.userMessage)], replyPrefix: request.replyOpening)
    }

    /// Draws ``StoryLineRequest/candidates`` lines (candidate `k` from
    /// `request.seed.derive("candidate").derive(k, 0)`, the first from the seed itself), holds
    /// each, prefix included, to `lineGuard` with the words limit of the request, and keeps the
    /// one most similar to the request (its instruction, the line's opening and the scene's last
    /// line) by `embedder`, or the first that passed without an embedder. Ties go to the earlier
    /// candidate.
    public func writeLine(
        _ request: StoryLineRequest, guard lineGuard: LineGuard, embedder: (any TextEmbedder)? = nil
    ) throws -> StoryLineOutcome {
        var rules = lineGuard
        rules.maxWords = min(rules.maxWords, request.maxWords)
        let prompt = prompt(for: request)
        // Words run about 1.3 tokens in English; the budget leaves room for a closing mark.
        let budget = request.maxWords * 3 / 2 + 4
        var outcome = StoryLineOutcome(line: nil, continuation: nil, candidates: [], computedTokens: 0)
        var passing: [(index: Int, continuation: String)] = []
        for candidate in 0..<max(1, request.candidates) {
            let seed = candidate == 0 ? request.seed : request.seed.derive("candidate").derive(candidate, 0)
            let sample = try self.sample(
                prompt: prompt, seed: seed, sampling: request.sampling, maxTokens: budget, stop: .sentenceEnd,
                minTokens: 3, startsWord: request.continuesAfterSpace && !request.prefix.isEmpty)
            outcome.computedTokens += sample.computedTokens
            let continuation = sample.text
            let line = Self.join(request.prefix, continuation)
            var rejection = rules.check(line)
            if rejection == nil, !continuation.contains(where: \.isLetter) {
                rejection = LineGuard.Rejection(rule: .incomplete, detail: "nothing after \"\(request.prefix)\"")
            }
            if rejection == nil, sample.finish == .length {
                rejection = LineGuard.Rejection(rule: .incomplete, detail: "cut at \(budget) tokens")
            }
            outcome.candidates.append(WrittenCandidate(text: line, rejection: rejection, score: nil))
            if rejection == nil { passing.append((candidate, continuation)) }
        }
        guard let first = passing.first else { return outcome }
        var best = first
        if let embedder, passing.count > 1 {
            let texts = passing.map { outcome.candidates[$0.index].text }
            let vectors = try embedder.embed(texts + [request.rankingContext])
            let context = vectors[vectors.count - 1]
            var bestScore = -Float.infinity
            for (slot, entry) in passing.enumerated() {
                let score = TextEmbedding.rounded(TextEmbedding.cosine(vectors[slot], context))
                outcome.candidates[entry.index].score = score
                if score > bestScore {
                    bestScore = score
                    best = entry
                }
            }
        }
        outcome.line = outcome.candidates[best.index].text
        outcome.continuation = best.continuation
        return outcome
    }

    /// `prefix` and `continuation` as one line: a space between them unless the continuation
    /// starts with a mark that hugs the word before (`,` `.` `'s`).
    static func join(_ prefix: String, _ continuation: String) -> String {
        guard !prefix.isEmpty else { return continuation }
        guard let first = continuation.first else { return prefix }
        let hugs = ",.;:!?)'\u{2019}".contains(first)
        return prefix + (hugs ? "" : " ") + continuation
    }
}
