import Foundation
import LoomCore

/// How the people who load a model name it and its tokenizer, so the loader's errors tell them
/// what to change: `--tokenizer FILE` on the command line, `text.tokenizer` in a world.
public struct TransformerFileWording: Sendable, Hashable {
    /// Where the model is named, in an error about an n-gram model (`text.model`).
    public var model: String
    /// How a tokenizer is given, in an error about a missing one (`--tokenizer FILE`).
    public var tokenizer: String
    /// Said after an n-gram model's error, where n-gram models have a place of their own
    /// (`corpus.txt gives the world its n-gram model`); `nil` for nothing.
    public var nGramNote: String?

    /// The words for a caller's errors: where it names a model, how it takes a tokenizer, and
    /// what it says of n-gram models (nothing by default).
    public init(model: String, tokenizer: String, nGramNote: String? = nil) {
        self.model = model
        self.tokenizer = tokenizer
        self.nGramNote = nGramNote
    }
}

/// A transformer loaded from its file, with what its file says beyond the weights.
public struct LoadedTransformer {
    /// The generator over the model and its tokenizer.
    public var generator: TransformerGenerator
    /// The GGUF file it came from (its metadata names the chat template); `nil` for a llama2.c
    /// checkpoint.
    public var file: GGUFFile?

    /// The chat format the GGUF file's `tokenizer.chat_template` writes, when Loom knows it;
    /// `nil` for a file without one and for a llama2.c checkpoint.
    public var chatTemplate: ChatTemplate? {
        file?.metadata["tokenizer.chat_template"]?.string.flatMap(ChatTemplate.detect)
    }

    /// Whether the GGUF file has a `tokenizer.chat_template` at all (known to Loom or not).
    public var hasChatTemplate: Bool { file?.metadata["tokenizer.chat_template"] != nil }
}

extension TransformerGenerator {
    /// Loads the transformer in the file at `path`, told apart by its first bytes: a GGUF file
    /// with the tokenizer it holds, or a llama2.c checkpoint with `tokenizer` (default:
    /// `tokenizer.bin` beside it). For a GGUF file, a `tokenizer` (a llama2.c `tokenizer.bin`)
    /// replaces the file's own. The one way Loom opens a transformer for text: the CLI, worlds
    /// and the C API all call it.
    ///
    /// ```swift
    /// let loaded = try TransformerGenerator.load(
    ///     model: "stories15M.bin", tokenizer: nil,
    ///     wording: TransformerFileWording(model: "--model", tokenizer: "--tokenizer FILE"))
    /// let story = try loaded.generator.generate(TextRequest(prompt: "Once", seed: Seed(1))).text
    /// ```
    ///
    /// - Throws: `LoomError` of kind `.invalidArgument` for an n-gram model (which is not a
    ///   transformer), `.io` when the tokenizer file is missing (the message names the path Loom
    ///   looked at and, for a checkpoint, how to give one: `wording.tokenizer`), and the model's
    ///   or tokenizer's own `.io`/`.format` errors.
    public static func load(
        model path: String, tokenizer: String?, sampling: TransformerSampling = TransformerSampling(),
        wording: TransformerFileWording
    ) throws -> LoadedTransformer {
        try load(
            model: path, format: try TextModelFormat.detect(path: path), tokenizer: tokenizer, sampling: sampling,
            wording: wording)
    }

    /// ``load(model:tokenizer:sampling:wording:)`` for a caller that has read the file's
    /// format already (``TextModelFormat/detect(path:)``), so the file's first bytes are read
    /// once: `format` must be what `detect` said of the file at `path`.
    public static func load(
        model path: String, format: TextModelFormat, tokenizer: String?,
        sampling: TransformerSampling = TransformerSampling(), wording: TransformerFileWording
    ) throws -> LoadedTransformer {
        if let tokenizer, format != .ngram, !FileManager.default.fileExists(atPath: tokenizer) {
            throw LoomError(.io, "no tokenizer file at \(tokenizer) (given with \(wording.tokenizer))")
        }
        switch format {
        case .ngram:
            throw LoomError(
                .invalidArgument,
                "\(path) is an n-gram model; \(wording.model) takes a transformer (GGUF or llama2.c)"
                    + (wording.nGramNote.map { ", and " + $0 } ?? ""))
        case .gguf:
            let file = try GGUFFile.load(from: path)
            let model = try file.transformer()
            let vocabulary: any TextTokenizer
            if let tokenizer {
                vocabulary = try LlamaTokenizer.loadLlama2c(
                    from: tokenizer, vocabularySize: model.config.vocabularySize)
            } else {
                vocabulary = try file.textTokenizer()
            }
            let generator = try TransformerGenerator(model: model, tokenizer: vocabulary, sampling: sampling)
            return LoadedTransformer(generator: generator, file: file)
        case .llama2c:
            let tokenizerPath = tokenizer ?? tokenizerBeside(path)
            guard FileManager.default.fileExists(atPath: tokenizerPath) else {
                throw LoomError(
                    .io,
                    "no tokenizer file at \(tokenizerPath): \(path) is a llama2.c checkpoint; give its tokenizer "
                        + "with \(wording.tokenizer)")
            }
            let model = try Transformer.loadLlama2c(from: path)
            let vocabulary = try LlamaTokenizer.loadLlama2c(
                from: tokenizerPath, vocabularySize: model.config.vocabularySize)
            let generator = try TransformerGenerator(model: model, tokenizer: vocabulary, sampling: sampling)
            return LoadedTransformer(generator: generator, file: nil)
        }
    }

    /// `tokenizer.bin` in the folder of the checkpoint at `path`.
    public static func tokenizerBeside(_ path: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tokenizer.bin")
    }
}
