import LoomCore

/// A grammar behind the `TextGenerator` protocol.
///
/// With an empty prompt it expands ``symbol``; otherwise the prompt is taken as rule text
/// (`"#hero# enters."`) and flattened. Tokens are whitespace-separated words, and the whole
/// expansion is returned unless the token limit or a stop string cuts it (an authored
/// expansion is never cut at its first sentence). Temperature and top-k do not apply.
public struct GrammarGenerator: TextGenerator {
    /// The grammar to expand.
    public var grammar: Grammar
    /// The symbol expanded for an empty prompt. Default: `origin`.
    public var symbol: String
    /// Work limits of each expansion.
    public var limits: GrammarLimits

    /// A generator over `grammar`; see each property for its default.
    public init(_ grammar: Grammar, symbol: String = "origin", limits: GrammarLimits = GrammarLimits()) {
        self.grammar = grammar
        self.symbol = symbol
        self.limits = limits
    }

    /// The expansion (or the flattened prompt) as a stream of words.
    public func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        let text =
            request.prompt.isEmpty
            ? try grammar.expand(symbol, seed: request.seed, limits: limits)
            : try grammar.flatten(request.prompt, seed: request.seed, limits: limits)
        return BufferedTokenStream(words: text)
    }
}
