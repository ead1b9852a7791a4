import Foundation
import LoomCore
import LoomText

extension WorldText {
    /// Loads the transformer `settings` names (memory-mapped) as `prose`, with
    /// `proseSettings` and `proseName` set.
    ///
    /// Paths resolve against `folder` unless absolute. A missing model file returns a warning
    /// (and leaves `prose` unset, so `generate` uses the n-gram model, then the authored
    /// text) unless `WorldProseSettings.required` is set. `source` is `world.lua`'s text,
    /// for the locations of errors and warnings.
    ///
    /// - Throws: `LoomError` of kind `.world` at the `model` (or `tokenizer`) key of `world.lua`
    ///   when a file is unreadable, not a transformer, or malformed (the cause names the path).
    @discardableResult
    public mutating func loadProse(
        _ settings: WorldProseSettings, folder: String, source: String = ""
    ) throws
        -> Diagnostic?
    {
        let locator = WorldSourceLocator(source: source, table: "text")
        let world = try WorldFiles(folder: folder)
        let path = try world.modelPath(
            settings.model, resolved: Self.locateModel(settings.model, in: folder), what: "text.model",
            at: locator.location(of: "model"))
        if let tokenizer = settings.tokenizer {
            _ = try world.modelPath(
                tokenizer, resolved: Self.resolve(tokenizer, in: folder), what: "text.tokenizer",
                at: locator.location(of: "tokenizer"))
        }
        proseSettings = settings
        proseName = (settings.model as NSString).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else {
            let message = "text.model: no model file at \(path)" + Self.fetchHint(for: settings.model)
            if settings.required { throw LoomError(.world, message, at: locator.location(of: "model")) }
            prose = nil
            chatWriter = nil
            return Diagnostic(
                .warning, message + "; generate(…) writes with the n-gram model of corpus.txt, else the authored text",
                at: locator.location(of: "model"))
        }
        do {
            let loaded = try Self.transformer(at: path, settings: settings, folder: folder)
            prose = loaded.generator
            chatWriter = loaded.chat.map {
                ChatWriter(generator: loaded.generator, template: $0, name: proseName, threads: settings.threads)
            }
            // The corpus's words, once; `write` adds each prompt's own.
            knownWords = settings.knownWordsOnly ? model.map { WordConstraint(words: $0.vocabulary.tokens) } : nil
        } catch let error as LoomError {
            // The errors of a tokenizer `world.lua` names hold its path: point at `tokenizer`.
            let tokenizer = settings.tokenizer.map { Self.resolve($0, in: folder) }
            let key = tokenizer.map(error.message.contains) == true ? "tokenizer" : "model"
            throw LoomError(.world, "text.\(key): \(error.message)", at: locator.location(of: key))
        }
        return nil
    }

    /// The model `name` names: `name` against `folder` when that file exists, else, for a bare
    /// file name (`SmolLM2-135M-Instruct.Q4_1.gguf`), the first match on the model search path
    /// (``ModelSearchPath``: the world's folder, `LOOM_MODELS`, `Models/`); else the path
    /// against `folder`, which the caller reports as missing.
    static func locateModel(_ name: String, in folder: String) -> String {
        let path = resolve(name, in: folder)
        if FileManager.default.fileExists(atPath: path) || name.contains("/") { return path }
        return ModelSearchPath(first: [folder]).find(name) ?? path
    }

    /// How to get a missing model that is a bare file name: where Loom looked and how to fetch
    /// the shipped ones; nothing for a path.
    static func fetchHint(for name: String) -> String {
        guard !name.contains("/") else { return "" }
        let folders = ModelSearchPath().folders
        let places = folders.isEmpty ? "" : " (also looked in \(folders.joined(separator: ", ")))"
        return places + "; run Scripts/fetch-models to download the shipped models into Models/, or set "
            + "LOOM_MODELS to the folder that holds it"
    }

    /// `path` against `folder` unless absolute, with `.` and `..` resolved by the text alone
    /// (`Worlds/crypt` + `../../Assets/m.gguf` is `Assets/m.gguf`), so errors show a plain path.
    static func resolve(_ path: String, in folder: String) -> String {
        let joined = path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part != ".." || !joined.hasPrefix("/") {
                parts.append(part)
            }
        }
        let text = parts.joined(separator: "/")
        return joined.hasPrefix("/") ? "/" + text : (text.isEmpty ? "." : text)
    }

    /// The generator for the model file at `path` (GGUF, or llama2.c with its tokenizer:
    /// ``TransformerGenerator/load(model:tokenizer:sampling:wording:)``), and the chat format to
    /// prompt it through when it is an instruct model (`WorldProseSettings.chat`).
    static func transformer(
        at path: String, settings: WorldProseSettings, folder: String
    ) throws
        -> (generator: TransformerGenerator, chat: ChatTemplate?)
    {
        // Stories join a continuation to its prompt with a space, so a world's model starts a new
        // word (a brought model's raw continuation does not: `TransformerSampling()`).
        let sampling = TransformerSampling(
            topP: settings.topP, repetitionPenalty: settings.repetitionPenalty, threads: settings.threads,
            startsNewWord: true)
        let loaded = try TransformerGenerator.load(
            model: path, tokenizer: settings.tokenizer.map { resolve($0, in: folder) }, sampling: sampling,
            wording: TransformerFileWording(
                model: "text.model", tokenizer: "text.tokenizer",
                nGramNote: "corpus.txt gives the world its n-gram model"))
        guard let file = loaded.file else {
            guard settings.chat == true else { return (loaded.generator, nil) }
            return (loaded.generator, try ChatTemplate(name: settings.chatTemplate ?? "chatml").orThrow(path))
        }
        guard settings.chat ?? (loaded.hasChatTemplate || settings.chatTemplate != nil) else {
            return (loaded.generator, nil)
        }
        return (loaded.generator, try ChatTemplate.forModel(file, override: settings.chatTemplate))
    }
}

extension Optional where Wrapped == ChatTemplate {
    /// The template, or an error saying a llama2.c checkpoint needs a known `chat_template`.
    fileprivate func orThrow(_ path: String) throws -> ChatTemplate {
        guard let self else {
            throw LoomError(.invalidArgument, "\(path): text.chat_template names no chat format Loom knows")
        }
        return self
    }
}
