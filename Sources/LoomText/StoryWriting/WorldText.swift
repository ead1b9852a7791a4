import Foundation
import LoomCore

/// A world's text assets: the prose model, the grammar, the naming cultures and the banned
/// words that story text functions (the `Loom` facade's `StoryTextFunctions`) draw on.
///
/// The type is the writer policy of a story's generated lines (which writer, the guards,
/// retries, word limits, endings, chat); the `Loom` facade loads it from a world's folder
/// (`WorldText.load(from:settings:)`) and puts it in a story runner's text slot.
///
/// Every part is optional: a world without `corpus.txt` has no ``model`` and `generate` uses
/// its authored fallbacks; a world without `grammar.json` cannot call `grammar`.
///
/// ```swift
/// let text = try WorldText.load(from: "Worlds/isles")
/// let line = try text.generate(prompt: "The tide", fallback: "The tide turned.", seed: Seed(4))
/// ```
public struct WorldText: Sendable {
    /// The word model trained from `corpus.txt`, or `nil` when the world has none.
    public var model: NGramModel?
    /// A generator that writes `generate`'s prose before ``model`` is tried (the world's
    /// transformer, ``WorldProseSettings``, or any `TextGenerator`), or `nil` to sample
    /// ``model``. Default: `nil`.
    public var prose: (any TextGenerator)?
    /// How ``prose`` samples and builds its prompt; `nil` samples with ``settings`` and
    /// continues the bare instruction. Default: `nil`.
    public var proseSettings: WorldProseSettings?
    /// The instruct model that writes `generate`'s lines through its chat template, when the
    /// world's model is one (``WorldProseSettings/chat``); `nil` otherwise. Holds one key/value
    /// cache, shared by every story line and generated option of the world.
    public var chatWriter: ChatWriter?
    /// What debug output calls ``prose`` (the model's file name when a world loads one).
    /// Default: `"prose"`.
    public var proseName: String = "prose"
    /// The words of the corpus as a `WordConstraint`, made once by
    /// `loadProse(_:folder:source:)` (`Loom`) for ``WorldProseSettings/knownWordsOnly``.
    package var knownWords: WordConstraint?

    /// The words of the corpus that `generate`'s prose may use: ``knownWords``, or made from
    /// ``model``'s vocabulary when it was not kept; `nil` without a corpus.
    package var corpusWords: WordConstraint? {
        knownWords ?? model.map { WordConstraint(words: $0.vocabulary.tokens) }
    }
    /// The words the world writes itself (its corpus and its grammar), lowercased: with the
    /// chat model's whole words, the words a model-written line may use
    /// (`LineGuard.vocabulary`). Set by `load(from:settings:)` (`Loom`).
    public var ownWords: Set<String> = []
    /// The last three words of each sentence of `corpus.txt` (lowercased), which an n-gram
    /// line's last clause is held to (`endsMidPhrase(_:endings:)`). Set by
    /// `load(from:settings:)` (`Loom`); empty without a corpus.
    public var corpusSentenceEndings: Set<String> = []
    /// The grammar from `grammar.json`, or `nil` when the world has none.
    public var grammar: Grammar?
    /// One name model per `names/<culture>.txt`.
    public var names: NameCultures
    /// Words never shown, from `banned-words.txt` (one per line, `#` comments).
    public var banned: WordList
    /// Sampling settings.
    public var settings: WorldTextSettings

    /// The grammar symbol whose expansion replaces an empty authored fallback of `generate`.
    public static let fallbackSymbol = "fallback"

    /// Text assets from parts; see each property.
    public init(
        model: NGramModel? = nil, prose: (any TextGenerator)? = nil, grammar: Grammar? = nil,
        names: NameCultures = NameCultures(),
        banned: WordList = WordList([String]()), settings: WorldTextSettings = WorldTextSettings()
    ) {
        self.model = model
        self.prose = prose
        self.proseSettings = nil
        self.grammar = grammar
        self.names = names
        self.banned = banned
        self.settings = settings
    }
}

/// Which writer of `generate`'s chain wrote a line.
public enum WorldTextSource: String, Sendable, Codable, Hashable {
    /// The world's transformer (``WorldText/prose``).
    case prose
    /// The n-gram model of `corpus.txt` (``WorldText/model``).
    case ngram
    /// The authored fallback (or the world's fallback table).
    case authored
}

/// One line of ``WorldText/write(prompt:context:fallback:seed:maxTokens:names:embedder:)``: the
/// text, which writer made it, and the prompt that writer continued.
public struct WorldTextLine: Sendable, Hashable {
    /// The text and why it ended.
    public var result: TextResult
    /// The writer that made it.
    public var source: WorldTextSource
    /// The prompt the writer continued (the full story prompt for the transformer, the bare
    /// instruction otherwise).
    public var prompt: String
    /// The candidates a chat writer drew, in order, with the guard's verdicts (empty for other
    /// writers).
    public var candidates: [WrittenCandidate]

    /// A line from parts.
    public init(result: TextResult, source: WorldTextSource, prompt: String, candidates: [WrittenCandidate] = []) {
        self.result = result
        self.source = source
        self.prompt = prompt
        self.candidates = candidates
    }
}

extension WorldText {
    /// The transformer's sampling: ``proseSettings``, or else ``settings``.
    package var proseOptions:
        (maxTokens: Int, temperature: Double, topK: Int, attempts: Int, candidates: Int, knownWordsOnly: Bool)
    {
        if let proseSettings {
            return (
                proseSettings.maxTokens, proseSettings.temperature, proseSettings.topK, proseSettings.attempts,
                proseSettings.candidates, proseSettings.knownWordsOnly
            )
        }
        // A writer set directly as `prose` is taken as it is.
        return (
            settings.maxTokens, settings.temperature, settings.topK, settings.maxAttempts, settings.candidates, false
        )
    }
}
