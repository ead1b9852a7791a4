import LoomCore
import LoomText

extension WorldText {
    /// The grammar symbol whose expansion replaces a name when every sampled name was banned.
    public static let fallbackNameSymbol = "fallback_name"

    /// Prose from the world's model continuing `prompt`, one sentence of at most `maxTokens`
    /// tokens (default ``WorldTextSettings/maxTokens``).
    ///
    /// The prompt conditions the model and is not repeated: `"The harbour"` gives the rest of a
    /// sentence, `"The tide turned."` gives the next sentence. Text with a banned word is
    /// generated again (``TextGuard``, ``WorldTextSettings/maxAttempts`` times); then, and when
    /// the world has no model or the model writes no word, the authored `fallback` is returned
    /// (finish ``TextFinish/fallback``). An empty `fallback` stands for the world's fallback
    /// table: an expansion of the grammar symbol `fallback` (see ``authoredFallback(_:seed:)``).
    ///
    /// Of ``WorldTextSettings/candidates`` clean samples, the one with the lowest perplexity
    /// under ``model`` (prompt included) is returned, preferring those of at least
    /// ``WorldTextSettings/minTokens`` tokens that start with a letter. When ``prose`` is set it
    /// writes the samples instead of the n-gram model (which, if present, still ranks them;
    /// without it the first usable sample wins).
    public func generate(prompt: String, fallback: String, seed: Seed, maxTokens: Int? = nil) throws -> TextResult {
        let authored = try authoredFallback(fallback, seed: seed)
        let fallbackResult = TextResult(
            text: authored, tokenCount: authored.split(whereSeparator: \.isWhitespace).count, finish: .fallback)
        let writer: any TextGenerator
        if let prose {
            writer = prose
        } else if let model {
            writer = NGramGenerator(model, sampling: settings.sampling)
        } else {
            return fallbackResult
        }
        let request = TextRequest(
            prompt: prompt, seed: seed, maxTokens: max(1, maxTokens ?? settings.maxTokens),
            temperature: settings.temperature, topK: settings.topK)
        let guarded = TextGuard(
            writer, banned: banned, fallback: authored, maxAttempts: settings.maxAttempts)
        // Several clean candidates, and the one the model itself finds likeliest (per token, with
        // the prompt as context) wins: a small n-gram model often backs off to single words, and
        // its likeliest samples read best. Short candidates, and those opening with a mark, win
        // only when no other exists.
        var best: (result: TextResult, score: Double, long: Bool)?
        for candidate in 0..<settings.candidates {
            var attempt = request
            if candidate > 0 { attempt.seed = seed.derive("candidate").derive(candidate, 0) }
            let result = try guarded.generate(attempt)
            // A model that only writes marks (or nothing) has not written anything a reader can use.
            guard result.finish != .fallback, result.text.contains(where: \.isLetter) else { continue }
            // Text that opens with a mark (", and the…") reads badly after an author's space.
            let long = result.tokenCount >= settings.minTokens && result.text.first?.isLetter == true
            let score = model?.perplexity(of: prompt + " " + result.text) ?? Double(candidate)
            if let current = best, (current.long && !long) || (current.long == long && current.score <= score) {
                continue
            }
            best = (result, score, long)
        }
        return best?.result ?? fallbackResult
    }

    /// `fallback` itself, or when it is empty the expansion of the grammar's `fallback` symbol
    /// (the world's fallback table), or empty text when the grammar has no such symbol.
    public func authoredFallback(_ fallback: String, seed: Seed) throws -> String {
        guard fallback.isEmpty else { return fallback }
        guard let grammar, grammar.defines(Self.fallbackSymbol) else { return "" }
        return try grammar.expand(Self.fallbackSymbol, seed: seed.derive("fallback"))
    }

    /// An expansion of the grammar `symbol`, free of banned words (resampled
    /// ``WorldTextSettings/maxAttempts`` times, then the world's `fallback` expansion or empty
    /// text). Throws when the world has no grammar or the grammar lacks `symbol`.
    public func expand(symbol: String, seed: Seed) throws -> String {
        guard let grammar else {
            throw LoomError(.invalidArgument, "the world has no grammar.json to expand '\(symbol)'")
        }
        guard grammar.defines(symbol) else {
            throw LoomError(
                .invalidArgument,
                "\(grammar.file): no symbol '\(symbol)'; the grammar defines: \(grammar.symbols.joined(separator: ", "))"
            )
        }
        let fallback = symbol == Self.fallbackSymbol ? "" : try authoredFallback("", seed: seed)
        let guarded = TextGuard(
            GrammarGenerator(grammar, symbol: symbol), banned: banned, fallback: fallback,
            maxAttempts: settings.maxAttempts)
        return try guarded.generate(TextRequest(seed: seed, maxTokens: 100_000, stop: TextStop(atSentenceEnd: false)))
            .text
    }

    /// A new name of `culture`, free of banned words (resampled; after
    /// ``WorldTextSettings/maxAttempts`` rejections, an expansion of the grammar symbol
    /// `fallback_name`, else `"Stranger"`). Throws for a culture the world lacks, listing the known ones.
    public func name(culture: String, seed: Seed) throws -> String {
        guard let model = names.models[culture] else {
            let known = names.cultures.isEmpty ? "none" : names.cultures.joined(separator: ", ")
            throw LoomError(.invalidArgument, "the world has no naming culture '\(culture)'; known: \(known)")
        }
        var fallback = "Stranger"
        if let grammar, grammar.defines(Self.fallbackNameSymbol) {
            fallback = try grammar.expand(Self.fallbackNameSymbol, seed: seed.derive("fallback"))
        }
        let guarded = TextGuard(
            NameGenerator(model), banned: banned, fallback: fallback, maxAttempts: settings.maxAttempts)
        return try guarded.generate(TextRequest(seed: seed, maxTokens: 1)).text
    }
}
