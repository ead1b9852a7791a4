import LoomCore

/// A Tracery-compatible grammar: symbols whose rules expand into text, chosen by a seed.
///
/// The JSON file maps each symbol to a rule or a list of rules. A rule is text with tags
/// `#symbol#` (replaced by an expansion of `symbol`), modifiers `#symbol.s.capitalize#` (see
/// Tracery's English set: `capitalize`, `capitalizeAll`, `a`, `s`, `firstS`, `ed`,
/// `replace(a,b)`), and actions: `[hero:#name#]` expands `#name#` once and pushes the result
/// as the rule of `hero`; `[hero:POP]` pops it again. Actions inside a tag
/// (`#[hero:#name#]story#`) are undone once the tag has expanded. A backslash makes the next
/// character literal (`\#`, `\[`; in JSON write `"\\#"`).
///
/// Every tag and action is checked when the grammar loads: an unknown symbol or modifier, or
/// an unclosed `#` or `[`, is an error naming the file, line and column.
///
/// ```swift
/// let grammar = try Grammar(json: ##"{"origin": ["#animal.a.capitalize# sleeps."], "animal": ["owl", "cat"]}"##)
/// let line = try grammar.expand("origin", seed: Seed(1))   // "An owl sleeps." or "A cat sleeps."
/// ```
public struct Grammar: Sendable {
    /// The file name used in error locations.
    public let file: String
    /// Symbol names by id (JSON symbols first, in file order, then names only set by actions).
    let names: [String]
    /// The rules of each symbol id (empty for symbols only set by actions).
    let rules: [[GrammarRule]]
    let ids: [String: Int]

    /// Parses a grammar from JSON text; `file` names the source in errors. Default: `<grammar>`.
    public init(json text: String, file: String = "<grammar>") throws {
        self.file = file
        let root = try LocatedJSON.parse(text, file: file)
        guard case .object(let members) = root.value else {
            throw LoomError(.format, "expected a JSON object mapping symbol names to rules", at: root.location)
        }
        let lines = SourceLines(text)
        var names: [String] = []
        var ids: [String: Int] = [:]
        func intern(_ name: String) -> Int {
            if let id = ids[name] { return id }
            ids[name] = names.count
            names.append(name)
            return names.count - 1
        }
        // The JSON reader has already rejected a symbol defined twice (a duplicate key).
        for member in members { _ = intern(member.key) }
        let definedCount = names.count
        var rules = [[GrammarRule]](repeating: [], count: definedCount)
        var used: [(id: Int, name: String, location: SourceLocation, rule: String)] = []
        var targets = Set<Int>()
        for member in members {
            let key = member.key
            let sources: [LocatedString]
            switch member.value.value {
            case .string(let string): sources = [lines.locate(string, quote: member.value.location)]
            case .array(let elements):
                sources = try elements.map { element in
                    guard case .string(let string) = element.value else {
                        throw LoomError(
                            .format, "expected a string rule in the list of symbol '\(key)'", at: element.location)
                    }
                    return lines.locate(string, quote: element.location)
                }
            default:
                throw LoomError(
                    .format, "expected a rule or a list of rules for symbol '\(key)'", at: member.value.location)
            }
            for source in sources {
                var parser = RuleParser(source, file: file, ruleName: key, intern: intern)
                rules[ids[key]!].append(try parser.parseAll())
                used += parser.usedSymbols.map { ($0.id, $0.name, $0.location, key) }
                targets.formUnion(parser.actionTargets)
            }
        }
        for use in used where use.id >= definedCount && !targets.contains(use.id) {
            throw LoomError(.semantic, "unknown symbol '\(use.name)' in rule '\(use.rule)'", at: use.location)
        }
        rules += [[GrammarRule]](repeating: [], count: names.count - definedCount)
        self.names = names
        self.rules = rules
        self.ids = ids
    }

    /// Loads a grammar from a JSON file; errors name the file, line and column.
    public static func load(from path: String) throws -> Grammar {
        try Grammar(json: try AtomicFile.readText(path), file: path)
    }

    /// The symbols defined in the file, sorted by name.
    public var symbols: [String] {
        names.indices.filter { !rules[$0].isEmpty }.map { names[$0] }.sorted()
    }

    /// Whether the file defines `symbol`.
    public func defines(_ symbol: String) -> Bool {
        ids[symbol].map { !rules[$0].isEmpty } ?? false
    }

    /// An expansion of `symbol`, deterministic in `seed`. Default symbol: `origin`.
    ///
    /// Throws `.invalidArgument` for a symbol the grammar lacks, and `.budget` when the
    /// expansion goes deeper or longer than `limits` allow (a rule that recurses without end).
    public func expand(
        _ symbol: String = "origin", seed: Seed, limits: GrammarLimits = GrammarLimits()
    ) throws -> String {
        guard let id = ids[symbol], !rules[id].isEmpty else {
            throw LoomError(
                .invalidArgument,
                "\(file): no symbol '\(symbol)'; the grammar defines: \(symbols.joined(separator: ", "))")
        }
        var expander = GrammarExpander(grammar: self, seed: seed, limits: limits)
        return try expander.expandSymbol(id, location: SourceLocation(file: file))
    }

    /// Expands rule text such as `"#hero# walks to #place#."` with this grammar's symbols.
    public func flatten(_ rule: String, seed: Seed, limits: GrammarLimits = GrammarLimits()) throws -> String {
        var table = ids
        var extraNames = names
        let source = LocatedString(value: rule, line: 1, column: 1, columns: nil)
        var parser = RuleParser(source, file: "<rule>", ruleName: "<rule>") { name in
            if let id = table[name] { return id }
            table[name] = extraNames.count
            extraNames.append(name)
            return extraNames.count - 1
        }
        let parsed = try parser.parseAll()
        for use in parser.usedSymbols where use.id >= names.count && !parser.actionTargets.contains(use.id) {
            throw LoomError(.semantic, "unknown symbol '\(use.name)'", at: use.location)
        }
        var extended = self
        if extraNames.count > names.count {
            extended = Grammar(
                file: file, names: extraNames,
                rules: rules + [[GrammarRule]](repeating: [], count: extraNames.count - names.count), ids: table)
        }
        var expander = GrammarExpander(grammar: extended, seed: seed, limits: limits)
        return try expander.expandRule(parsed)
    }

    init(file: String, names: [String], rules: [[GrammarRule]], ids: [String: Int]) {
        self.file = file
        self.names = names
        self.rules = rules
        self.ids = ids
    }
}

/// Work limits of one grammar expansion; counted in operations, never in time.
public struct GrammarLimits: Sendable, Codable, Hashable {
    /// The deepest nesting of tags. Default: 64; at least 1.
    public var maxDepth: Int
    /// The most tag expansions in one call. Default: 100,000.
    public var maxExpansions: Int
    /// The longest output, in UTF-8 bytes. Default: 1,000,000.
    public var maxLength: Int

    /// Limits with the given values; see each property for its default.
    public init(maxDepth: Int = 64, maxExpansions: Int = 100_000, maxLength: Int = 1_000_000) {
        self.maxDepth = maxDepth
        self.maxExpansions = maxExpansions
        self.maxLength = maxLength
    }
}
