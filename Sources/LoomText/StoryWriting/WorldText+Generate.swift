import Foundation
import LoomCore

extension WorldText {
    /// The grammar symbol whose expansion replaces a name when every sampled name was banned.
    public static let fallbackNameSymbol = "fallback_name"

    /// Prose from the world's model continuing `prompt`, one sentence of at most `maxTokens`
    /// tokens (default ``WorldTextSettings/maxTokens``, or ``WorldProseSettings/maxTokens``
    /// for the transformer). The same as
    /// ``write(prompt:context:fallback:seed:maxTokens:names:embedder:)`` without story context,
    /// returning only the text's result.
    public func generate(prompt: String, fallback: String, seed: Seed, maxTokens: Int? = nil) throws -> TextResult {
        try write(prompt: prompt, fallback: fallback, seed: seed, maxTokens: maxTokens).result
    }

    /// Prose continuing `prompt`, from the first writer of the chain that writes usable text:
    /// the transformer (``prose``), then the n-gram model of `corpus.txt` (``model``), then the
    /// authored `fallback`.
    ///
    /// The prompt conditions the model and is not repeated: `"The harbour"` gives the rest of a
    /// sentence, `"The tide turned."` gives the next sentence. The transformer continues
    /// `context` (world facts and recent story lines before `prompt`; see ``StoryPrompt``), cut
    /// to what its context window holds with room for the answer; the n-gram model continues
    /// the bare `prompt`. Text with a banned word is written again (`TextGuard`:
    /// ``WorldProseSettings/attempts`` times per transformer sample,
    /// ``WorldTextSettings/maxAttempts`` times per n-gram sample); a writer whose every sample
    /// was banned or held no word hands over to the next. An empty `fallback` stands for the
    /// world's fallback table: an expansion of the grammar symbol `fallback` (see
    /// ``authoredFallback(_:seed:)``).
    ///
    /// Of several clean samples (``WorldProseSettings/candidates`` for the transformer,
    /// ``WorldTextSettings/candidates`` for the n-gram model) the one with the lowest
    /// perplexity under ``model`` (prompt included) is returned, preferring those of at least
    /// ``WorldTextSettings/minTokens`` tokens that start with a letter; without ``model`` the
    /// first usable sample wins. The transformer's text is made one line (whitespace runs
    /// become single spaces).
    ///
    /// A world whose model is an instruct model (``chatWriter``) writes through its chat
    /// template instead: the voice and facts as the system prompt, the situation, the recent
    /// lines and the line's opening (`prompt`) as the user's turn, the reply opened with
    /// `prompt`. Of ``WorldProseSettings/candidates`` candidates, those passing `LineGuard`
    /// (banned words, length, whole sentences, repetition, names outside `names` and the
    /// context, chat artefacts, language) are ranked by `embedder`'s similarity to the scene;
    /// when none passes, the n-gram model and then the authored text write instead.
    public func write(
        prompt: String, context: StoryPrompt? = nil, fallback: String, seed: Seed, maxTokens: Int? = nil,
        names: [String] = [], embedder: (any TextEmbedder)? = nil
    ) throws -> WorldTextLine {
        let authored = try authoredFallback(fallback, seed: seed)
        var rejected: [WrittenCandidate] = []
        if let chatWriter {
            let full = context ?? StoryPrompt(instruction: prompt)
            var request = chatLineRequest(prefix: prompt, context: full, seed: seed, maxTokens: maxTokens)
            // The story shows the continuation after a space of its own.
            request.continuesAfterSpace = true
            let outcome = try chatWriter.writeLine(
                request, guard: lineGuard(full, names: names, recent: full.lines), embedder: embedder)
            if let continuation = outcome.continuation {
                let result = TextResult(
                    text: continuation, tokenCount: continuation.split(separator: " ").count, finish: .sentenceEnd)
                return WorldTextLine(
                    result: result, source: .prose, prompt: request.userMessage,
                    candidates: outcome.candidates)
            }
            rejected = outcome.candidates
        } else if let prose {
            let options = proseOptions
            let budget = max(1, maxTokens ?? options.maxTokens)
            let full = context ?? StoryPrompt(instruction: prompt)
            let fitted = full.fitted { prose.fits(prompt: $0.text, maxTokens: budget) }
            if prose.fits(prompt: fitted.text, maxTokens: budget) {
                let request = TextRequest(
                    prompt: fitted.text, seed: seed, maxTokens: budget, temperature: options.temperature,
                    topK: options.topK)
                // The corpus's words and the prompt's (names, facts): a transformer samples
                // only these, and any writer's sample with another word is dropped.
                let words =
                    options.knownWordsOnly
                    ? corpusWords.map { $0.adding(WordConstraint.words(in: fitted.text)) } : nil
                let writer = words.map { prose.constrained(to: $0) } ?? prose
                if let result = try sample(
                    writer, request: request, rankPrompt: prompt, attempts: options.attempts,
                    candidates: options.candidates, tidy: Self.tidyProse, accepts: { words?.allows(text: $0) ?? true })
                {
                    return WorldTextLine(result: result, source: .prose, prompt: fitted.text)
                }
            }
        }
        if let model {
            let request = TextRequest(
                prompt: prompt, seed: seed, maxTokens: max(1, maxTokens ?? settings.maxTokens),
                temperature: settings.temperature, topK: settings.topK)
            if let result = try sample(
                NGramGenerator(model, sampling: settings.sampling), request: request, rankPrompt: prompt,
                attempts: settings.maxAttempts, candidates: settings.candidates,
                accepts: { !Self.endsMidPhrase($0, endings: corpusSentenceEndings) })
            {
                return WorldTextLine(result: result, source: .ngram, prompt: prompt, candidates: rejected)
            }
        }
        let result = TextResult(
            text: authored, tokenCount: authored.split(whereSeparator: \.isWhitespace).count, finish: .fallback)
        return WorldTextLine(result: result, source: .authored, prompt: prompt, candidates: rejected)
    }

    /// The best of `candidates` clean samples of `writer`, or `nil` when none is usable.
    private func sample(
        _ writer: any TextGenerator, request: TextRequest, rankPrompt: String, attempts: Int, candidates: Int,
        tidy: (TextResult) -> TextResult = { $0 }, accepts: (String) -> Bool = { _ in true }
    ) throws -> TextResult? {
        // Greedy decoding (temperature 0) writes the same text for every seed: one candidate is
        // all (and the guard tries a greedy request once).
        let candidates = request.temperature == 0 ? 1 : candidates
        let guarded = TextGuard(writer, banned: banned, fallback: "", maxAttempts: attempts)
        // Several clean candidates, and the one the n-gram model finds likeliest (per token, with
        // the prompt as context) wins: a small n-gram model often backs off to single words, and
        // its likeliest samples read best. Short candidates, and those opening with a mark, win
        // only when no other exists.
        // A sample that ends a sentence beats one the budget cut short.
        var best: (result: TextResult, score: Double, long: Bool, whole: Bool)?
        for candidate in 0..<candidates {
            var attempt = request
            if candidate > 0 { attempt.seed = request.seed.derive("candidate").derive(candidate, 0) }
            // A model that only writes marks (or nothing) has not written anything a reader can use.
            guard let sampled = try guarded.firstAccepted(attempt) else { continue }
            let result = tidy(sampled)
            guard result.text.contains(where: \.isLetter), accepts(result.text) else { continue }
            // Text that opens with a mark (", and the…") reads badly after an author's space.
            let long = result.tokenCount >= settings.minTokens && result.text.first?.isLetter == true
            let whole = result.finish != .length
            let score = model?.perplexity(of: rankPrompt + " " + result.text) ?? Double(candidate)
            if let current = best,
                (current.whole && !whole)
                    || (current.whole == whole
                        && ((current.long && !long) || (current.long == long && current.score <= score)))
            {
                continue
            }
            best = (result, score, long, whole)
            // Without an n-gram model to rank them, later samples never beat a long first one.
            if model == nil, long { break }
        }
        return best?.result
    }

    /// A transformer's sample as a story line: one line (newlines and runs of spaces become one
    /// space), and when the token budget cut it short, cut back to its last finished sentence,
    /// or else to its last whole word with an ellipsis (a model's last token may be half a word).
    package static func tidyProse(_ sample: TextResult) -> TextResult {
        var result = sample
        result.text = result.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard result.finish == .length, !result.text.isEmpty else { return result }
        let text = result.text
        if let last = text.last, ".!?".contains(last) {
            result.finish = .sentenceEnd
            return result
        }
        if let end = text.indices.last(where: { ".!?".contains(text[$0]) }), text.index(after: end) < text.endIndex,
            text[text.index(after: end)] == " "
        {
            result.text = String(text[...end])
            result.finish = .sentenceEnd
        } else if let space = text.lastIndex(of: " ") {
            let kept = text[..<space].trimmingCharacters(in: CharacterSet(charactersIn: ",;:- "))
            result.text = kept + "…"
        }
        return result
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
