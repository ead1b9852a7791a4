import Foundation
import LoomCore

/// Options for sampling names; `Codable` so worlds, the CLI and Lua share them.
public struct NameOptions: Sendable, Codable, Hashable {
    /// The fewest characters a name may have. Default: 3; at least 1.
    public var minLength: Int
    /// The most characters a name may have. Default: 12; at least `minLength`.
    public var maxLength: Int
    /// Reject names that appear in the training list (ignoring case). Default: `true`.
    public var avoidTrainingNames: Bool
    /// How many names to sample before giving up. Default: 200; at least 1.
    public var maxAttempts: Int
    /// Keep only the k most likely characters at each step; 0 keeps all. Default: 0.
    public var topK: Int
    /// Sampling temperature in (0, 10]. Default: 0.7, which keeps a small list's smoothed
    /// tails (rare letter pairs learned from single names) from making unpronounceable names.
    public var temperature: Double

    /// Options with the given values; see each property for its default.
    public init(
        minLength: Int = 3, maxLength: Int = 12, avoidTrainingNames: Bool = true, maxAttempts: Int = 200,
        temperature: Double = 0.7, topK: Int = 0
    ) {
        self.topK = topK
        self.minLength = minLength
        self.maxLength = maxLength
        self.avoidTrainingNames = avoidTrainingNames
        self.maxAttempts = maxAttempts
        self.temperature = temperature
    }

    func validate() throws {
        guard minLength >= 1, maxLength >= minLength, maxLength <= 1000 else {
            throw LoomError(
                .invalidArgument, "name lengths must satisfy 1 ≤ min ≤ max ≤ 1000 (got \(minLength)…\(maxLength))")
        }
        guard topK >= 0 else { throw LoomError(.invalidArgument, "topK must be 0 or more (got \(topK))") }
        guard maxAttempts >= 1 else { throw LoomError(.invalidArgument, "maxAttempts must be at least 1") }
        guard temperature > 0, temperature <= 10 else {
            throw LoomError(.invalidArgument, "temperature must be in (0, 10] (got \(temperature))")
        }
    }
}

/// A character-level Kneser-Ney model of one naming culture's names.
///
/// Trained on a list of names (lowercased; each name is a "sentence" of characters between
/// start and end markers), it samples new names that sound like the list. Output is
/// capitalized at the start and after each space or hyphen.
///
/// ```swift
/// let islanders = try NameModel.train(listAt: "Worlds/isles/names/islander.txt")
/// let name = try islanders.generate(seed: Seed(12))  // a new name in the list's style
/// ```
public struct NameModel: Sendable {
    let vocabulary: Vocabulary
    let core: KneserNeyModel
    /// The training names, lowercased.
    public let trainingNames: Set<String>

    /// The model's order: how many characters (with the start marker) one prediction sees,
    /// plus one. 2 to 5.
    public var order: Int { core.order }

    /// Trains on `names` (blank entries are skipped). `order` is 2 to 5; default 3.
    public static func train(names: [String], order: Int = 3) throws -> NameModel {
        guard (2...5).contains(order) else {
            throw LoomError(.invalidArgument, "the order of a name model must be 2 to 5 (got \(order))")
        }
        let cleaned = names.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw LoomError(.invalidArgument, "the name list is empty") }
        var interner = TokenInterner()
        var counter = NGramCounter(order: order)
        for name in cleaned {
            counter.startSentence()
            for character in name {
                var text = String(character)
                let id = text.withUTF8 { interner.intern($0) }
                counter.add(id)
            }
            counter.add(Vocabulary.sentenceEnd)
        }
        counter.count(vocabularySize: interner.count)
        let tables = KneserNeyTables(counter: counter, vocabularySize: interner.count)
        return NameModel(
            vocabulary: try Vocabulary(tokens: interner.vocabularyTokens), core: KneserNeyModel(tables),
            trainingNames: Set(cleaned))
    }

    /// Trains on a text file with one name per line; lines starting with `#` are comments.
    public static func train(listAt path: String, order: Int = 3) throws -> NameModel {
        let lines = try AtomicFile.readText(path).split(whereSeparator: \.isNewline).map(String.init)
        do {
            return try train(names: lines.filter { !$0.hasPrefix("#") }, order: order)
        } catch let error as LoomError {
            throw LoomError(error.kind, "\(path): \(error.message)", at: SourceLocation(file: path))
        }
    }

    /// A new name, deterministic in `seed`.
    ///
    /// Names are drawn one after another from `seed.makeRandom()` until one fits `options`
    /// (length, and not in the training list when asked). After `options.maxAttempts` misfits
    /// this throws a `.budget` error saying what to loosen.
    public func generate(seed: Seed, options: NameOptions = NameOptions()) throws -> String {
        try options.validate()
        var random = seed.makeRandom()
        var sampler = KneserNeySampler(vocabularySize: vocabulary.count)
        var state = ContextState(order: order)
        var tooShort = 0, tooLong = 0, known = 0
        for _ in 0..<options.maxAttempts {
            state.reset()
            var name = ""
            var length = 0
            while length <= options.maxLength {
                let token = sampler.sample(
                    core, state: state, random: &random, temperature: options.temperature, topK: options.topK,
                    allowEnd: length > 0)
                if token == Vocabulary.sentenceEnd { break }
                name += vocabulary[token]
                length += 1
                state.advance(token, model: core)
            }
            if length > options.maxLength {
                tooLong += 1
            } else if length < options.minLength {
                tooShort += 1
            } else if options.avoidTrainingNames && trainingNames.contains(name) {
                known += 1
            } else {
                return Self.capitalized(name)
            }
        }
        throw LoomError(
            .budget,
            "no fitting name after \(options.maxAttempts) tries (\(tooShort) too short, \(tooLong) too long,"
                + " \(known) already in the list); widen the lengths, allow listed names or raise maxAttempts")
    }

    /// `count` names from one seed (name `i` uses `seed.derive(i, 0)`), with no repeats when
    /// the model can make that many distinct names within its attempts.
    public func generate(count: Int, seed: Seed, options: NameOptions = NameOptions()) throws -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        var index = 0
        while names.count < count {
            let name = try generate(seed: seed.derive(index, 0), options: options)
            index += 1
            if seen.insert(name).inserted || index >= count * 20 { names.append(name) }
        }
        return names
    }

    static func capitalized(_ name: String) -> String {
        var result = ""
        var capitalizeNext = true
        for character in name {
            result += capitalizeNext ? character.uppercased() : String(character)
            capitalizeNext = character == " " || character == "-"
        }
        return result
    }
}
