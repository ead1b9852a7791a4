import LoomCore

/// A world's transformer: the model file `generate` writes with, how it samples, and how its
/// prompt is built. Declared in `world.lua` as the `text` table:
///
/// ```lua
/// text = {
///   model = "../../Assets/models/loom-prose.gguf",   -- relative to the world folder
///   temperature = 0.8, top_p = 0.95, max_tokens = 40,
///   prompt = { facts = { "The crypt has {rooms} rooms." }, lines = 2, characters = 320 },
/// }
/// ```
///
/// When the model file is missing, the world loads with a warning (the `Loom` facade's
/// `World.warnings`) and `generate` falls back to the n-gram model of `corpus.txt`, then to the authored text, unless
/// ``required`` is set, which makes the missing file an error. A file that exists but cannot be
/// read as a model is always an error: it names the path and the line of `model` in `world.lua`.
///
/// `Codable`, so the CLI and a UI share it.
public struct WorldProseSettings: Sendable, Codable, Hashable {
    /// The model file (GGUF, or a llama2.c checkpoint), relative to the world folder or absolute.
    /// A bare file name the world's folder lacks (`"SmolLM2-135M-Instruct.Q4_1.gguf"`) is looked
    /// up on the model search path (`ModelSearchPath`: `LOOM_MODELS`, `Models/`).
    public var model: String
    /// A llama2.c `tokenizer.bin` for a llama2.c checkpoint (relative to the world folder);
    /// `nil` uses `tokenizer.bin` beside the checkpoint. GGUF files carry their own tokenizer
    /// and ignore it unless it is given. Default: `nil`.
    public var tokenizer: String?
    /// Whether a missing model file is an error instead of a warning. Default: `false`.
    public var required: Bool
    /// Sampling temperature; 0 is greedy decoding. Default: 0.8; range 0...10.
    public var temperature: Double
    /// Nucleus sampling threshold; 1 disables it. Default: 0.95; range (0, 1].
    public var topP: Double
    /// Keep only the `topK` likeliest tokens; 0 keeps all. Default: 0.
    public var topK: Int
    /// Penalty on recently used tokens; 1 disables it. Default: 1.1; range 1...10.
    public var repetitionPenalty: Double
    /// The token budget of `generate(prompt, fallback)` (`generate_n` gives its own). Default:
    /// 40; 1...4096.
    public var maxTokens: Int
    /// Samples written per `generate` call; the likeliest under the n-gram model (when the
    /// world has a corpus) is shown, else the first usable one. Each costs a full generation,
    /// so it is kept small. Default: 2; 1...16.
    public var candidates: Int
    /// Generations tried per candidate when the text holds a banned word, before the n-gram
    /// model takes over. Default: 3; 1...16.
    public var attempts: Int
    /// Threads for the model's matrix-vector products; the text is the same on any count.
    /// Default: 1; 1...64.
    public var threads: Int
    /// How the prompt is built from the world and the story.
    public var prompt: StoryPromptSettings
    /// Whether a sample may only use words the world knows: words of its `corpus.txt` (in any
    /// case) and words of the prompt (names, facts). A small model spells words it half
    /// learned ("sealpherds"); such a sample is dropped like one with a banned word. Has no
    /// effect without a corpus. Default: `true`.
    public var knownWordsOnly: Bool
    /// Whether the model is prompted through its chat template as an instruct model (system
    /// prompt, the scene, the writer's instruction; the line's opening words begin the reply),
    /// or continues the story prompt as raw text. `nil` decides by the file: a GGUF whose
    /// metadata holds a chat template is prompted as a chat. Default: `nil`.
    public var chat: Bool?
    /// The chat format's name (`ChatTemplate`), overriding the file's own. Default: `nil`.
    public var chatTemplate: String?
    /// The first sentences of a chat's system prompt: who narrates and how the world reads
    /// ("You narrate a sea adventure on a warm archipelago…"); the world's facts follow.
    /// Default: a plain narrator's voice (``defaultVoice``).
    public var voice: String
    /// The longest generated line, in words (chat only). Default: 24; 3...80.
    public var maxWords: Int
    /// Drop tokens less likely than `minP` times the likeliest. Default: 0.05; range [0, 1].
    public var minP: Double

    /// The voice of a world that does not give one.
    public static let defaultVoice =
        "You are the narrator of a fantasy adventure game. You write short, vivid, plain sentences in English."

    /// Settings for `model`; see each property for its default.
    public init(
        model: String, tokenizer: String? = nil, required: Bool = false, temperature: Double = 0.8,
        topP: Double = 0.95, topK: Int = 0, repetitionPenalty: Double = 1.1, maxTokens: Int = 40, candidates: Int = 2,
        attempts: Int = 3, threads: Int = 1, prompt: StoryPromptSettings = StoryPromptSettings(),
        knownWordsOnly: Bool = true, chat: Bool? = nil, chatTemplate: String? = nil, voice: String = defaultVoice,
        maxWords: Int = 24, minP: Double = 0.05
    ) {
        self.chat = chat
        self.chatTemplate = chatTemplate
        self.voice = voice
        self.maxWords = maxWords
        self.minP = minP
        self.model = model
        self.tokenizer = tokenizer
        self.required = required
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.repetitionPenalty = repetitionPenalty
        self.maxTokens = maxTokens
        self.candidates = candidates
        self.attempts = attempts
        self.threads = threads
        self.prompt = prompt
        self.knownWordsOnly = knownWordsOnly
    }

    /// The fields in `world.lua`'s spelling, each with the property it sets.
    package static let luaKeys: [(lua: String, field: String)] = [
        ("model", "model"), ("tokenizer", "tokenizer"), ("required", "required"), ("temperature", "temperature"),
        ("top_p", "topP"), ("top_k", "topK"), ("repetition_penalty", "repetitionPenalty"),
        ("max_tokens", "maxTokens"), ("candidates", "candidates"), ("attempts", "attempts"), ("threads", "threads"),
        ("prompt", "prompt"), ("known_words", "knownWordsOnly"), ("chat", "chat"), ("chat_template", "chatTemplate"),
        ("voice", "voice"), ("max_words", "maxWords"), ("min_p", "minP"),
    ]

    /// The problem with the first field out of range, as `(world.lua key, message)`, or `nil`.
    package func problem() -> (key: String, message: String)? {
        if model.isEmpty { return ("model", "is empty; expected the path of a GGUF or llama2.c model file") }
        if !(0...10).contains(temperature) {
            return ("temperature", "must be 0...10 (0 is greedy), not \(temperature)")
        }
        if !(topP > 0 && topP <= 1) { return ("top_p", "must be in (0, 1], not \(topP)") }
        if topK < 0 { return ("top_k", "must be 0 or more, not \(topK)") }
        if !(1...10).contains(repetitionPenalty) {
            return ("repetition_penalty", "must be 1...10, not \(repetitionPenalty)")
        }
        if !(1...4096).contains(maxTokens) { return ("max_tokens", "must be 1...4096, not \(maxTokens)") }
        if !(1...16).contains(candidates) { return ("candidates", "must be 1...16, not \(candidates)") }
        if !(1...16).contains(attempts) { return ("attempts", "must be 1...16, not \(attempts)") }
        if !(1...64).contains(threads) { return ("threads", "must be 1...64, not \(threads)") }
        if !(3...80).contains(maxWords) { return ("max_words", "must be 3...80, not \(maxWords)") }
        if !(0...1).contains(minP) { return ("min_p", "must be in [0, 1], not \(minP)") }
        if voice.isEmpty { return ("voice", "is empty; expected the first sentences of the system prompt") }
        if let chatTemplate, ChatTemplate(name: chatTemplate) == nil {
            return ("chat_template", "'\(chatTemplate)' is not a chat format; expected one of: \(ChatTemplate.names)")
        }
        let recent = StoryPromptSettings.maximumRecentLines
        if !(0...recent).contains(prompt.recentLines) {
            return ("prompt.lines", "must be 0...\(recent), not \(prompt.recentLines)")
        }
        if !(16...100_000).contains(prompt.characterBudget) {
            return ("prompt.characters", "must be 16...100000, not \(prompt.characterBudget)")
        }
        return nil
    }

    /// Throws `.invalidArgument` naming the first field out of range.
    public func validate() throws {
        if let (key, message) = problem() { throw LoomError(.invalidArgument, "text.\(key) \(message)") }
    }
}
