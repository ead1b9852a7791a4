import LoomCore

/// Where a model-written option leads, as the writer of `<<generate_options>>` chooses.
public enum GeneratedOptionRoute: String, Sendable, Hashable, Codable, CaseIterable {
    /// A short passage the model writes about the choice, then the story goes on after the
    /// option set, as after an authored option without a body.
    case passage
    /// A jump to the node whose `#about:` tag is most similar to the option's text (by the
    /// runner's ``StoryRunner/textEmbedder``).
    case about
}

/// A `<<generate_options "what the player might do at the harbour" 3 passage $plan>>` command,
/// read: the runner offers up to ``count`` model-written options after the authored ones of
/// the next option set.
///
/// Arguments, in order: the instruction (quoted), the count (1...8), optionally the route
/// (`passage`, the default, or `about`), then the variables a chosen generated option may set
/// (each with `$`): a string variable gets the option's text, a boolean `true`, a number one
/// more. No other variable changes because of a generated option.
public struct GeneratedOptionsCall: Sendable, Hashable {
    /// What the options are about.
    public var instruction: String
    /// How many options to propose.
    public var count: Int
    /// Where a chosen option leads.
    public var route: GeneratedOptionRoute
    /// The variables a chosen option sets, with `$`.
    public var variables: [String]
    /// The call site (``StoryCallSite/key``): generated options are cached and saved under it.
    public var key: String

    /// The command's name.
    public static let command = "generate_options"
    /// The most options one call may ask for.
    public static let maximumCount = 8

    /// Reads the command's arguments (the name first), or throws what is wrong with them: the
    /// one reading of the command, for Yarn's `<<generate_options …>>` and ink's
    /// `>>> generate_options …` alike.
    public static func parse(_ arguments: [String], key: String) throws -> GeneratedOptionsCall {
        let usage = "expected <<generate_options \"what the options are about\" COUNT [passage|about] [$variable ...]>>"
        guard arguments.count >= 3 else { throw LoomError(.runtime, "generate_options: \(usage)") }
        let instruction = arguments[1]
        guard !instruction.isEmpty else {
            throw LoomError(.runtime, "generate_options: the instruction is empty; \(usage)")
        }
        guard let count = Int(arguments[2]), (1...maximumCount).contains(count) else {
            throw LoomError(.runtime, "generate_options: the count must be 1...\(maximumCount), not '\(arguments[2])'")
        }
        var rest = arguments.dropFirst(3)
        var route = GeneratedOptionRoute.passage
        if let word = rest.first, !word.hasPrefix("$") {
            guard let named = GeneratedOptionRoute(rawValue: word) else {
                throw LoomError(.runtime, "generate_options: unknown route '\(word)'; expected passage or about")
            }
            route = named
            rest = rest.dropFirst()
        }
        for variable in rest where !variable.hasPrefix("$") || variable.count < 2 {
            throw LoomError(.runtime, "generate_options: '\(variable)' is not a variable; \(usage)")
        }
        return GeneratedOptionsCall(
            instruction: instruction, count: count, route: route, variables: Array(rest), key: key)
    }
}

/// What a ``StoryOptionWriter`` is asked for: options for a call, or the passage of a chosen one.
public struct GeneratedOptionsRequest: Sendable, Hashable {
    /// The call.
    public var call: GeneratedOptionsCall
    /// The texts of the authored options offered beside them (available ones only).
    public var authored: [String]
    /// The seed of this call (`runnerSeed.derive("options").derive(key)`).
    public var seed: Seed

    /// A request from its parts (a host that runs the command itself, as a world's ink
    /// session does).
    public init(call: GeneratedOptionsCall, authored: [String], seed: Seed) {
        self.call = call
        self.authored = authored
        self.seed = seed
    }
}

/// Writes what `<<generate_options>>` offers: a host (a world's text model) implements it and
/// sets it as ``StoryRunner/optionWriter``.
///
/// Both methods must be deterministic in their arguments: the runner caches and saves what they
/// return, so a replay or a loaded save shows the same words without calling them again.
public protocol StoryOptionWriter: AnyObject {
    /// Up to `request.call.count` option texts (fewer, or none, when the writer has nothing
    /// good enough).
    func writeOptions(_ request: GeneratedOptionsRequest) throws -> [String]

    /// The lines shown after the player chose the generated `option` of `request` (route
    /// ``GeneratedOptionRoute/passage``), seeded by `seed`.
    func writePassage(for option: String, request: GeneratedOptionsRequest, seed: Seed) throws -> [String]
}
