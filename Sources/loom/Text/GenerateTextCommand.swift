import ArgumentParser
import Foundation
import Loom

/// `loom generate text (--model FILE | --grammar FILE [--symbol S]) …`: writes text from a
/// trained n-gram model or a Tracery grammar, one result per line.
struct GenerateTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Generate text from an n-gram model, a transformer (llama2.c or GGUF) or a Tracery grammar.",
        discussion: """
            Result i of --count uses the seed itself for i = 0 and seed.derive(i, 0) after that, \
            so a single result matches the library's output for the same seed. With --grammar, \
            a --prompt is rule text to flatten ("#hero# enters."); with --model it is text to continue. \
            --model takes a Loom n-gram model, a GGUF llama model or a llama2.c checkpoint, told apart \
            by the file's first bytes; a llama2.c checkpoint needs --tokenizer (default: tokenizer.bin \
            beside the model). For transformers, --temperature 0 is greedy decoding.
            """
    )

    @Option(help: "A model: 'loom train text' output, a GGUF llama model or a llama2.c checkpoint.")
    var model: String?

    @Option(help: "A llama2.c tokenizer.bin for a llama2.c checkpoint (default: beside the model).")
    var tokenizer: String?

    @Option(help: "Nucleus sampling: keep the likeliest tokens up to this probability (transformers only).")
    var topP = 1.0

    @Option(help: "Penalty in [1, 10] on recently used tokens; 1 disables it (transformers only).")
    var repetitionPenalty = 1.0

    @Option(help: "Threads for the transformer's matrix products; the text is the same on any count.")
    var threads = 1

    @Option(help: "A Tracery JSON grammar.")
    var grammar: String?

    @Option(help: "The grammar symbol to expand.")
    var symbol = "origin"

    @Option(help: "Text to continue (model) or rule text to flatten (grammar).")
    var prompt = ""

    @Option(help: "The seed: a number or a word.")
    var seed = "1"

    @Option(help: "How many results to print.")
    var count = 1

    @Option(help: "The most tokens per result.")
    var tokens = 64

    @Option(help: "Sampling temperature in (0, 10] (models only).")
    var temperature = 1.0

    @Option(help: "Keep the k most likely tokens at each step; 0 keeps all (models only).")
    var topK = 0

    @Option(
        help: ArgumentHelp(
            "observed: draw only continuations seen in the corpus; interpolated: the whole smoothed distribution (models only).",
            valueName: "observed|interpolated"))
    var sampling = "observed"

    @Flag(help: "Keep writing past the first sentence, up to --tokens (models only).")
    var continueSentences = false

    func validate() throws {
        guard (model == nil) != (grammar == nil) else {
            throw ValidationError("give exactly one of --model FILE or --grammar FILE")
        }
        guard count >= 1, count <= 1_000_000 else { throw ValidationError("--count must be 1 to 1000000") }
        guard tokens >= 1 else { throw ValidationError("--tokens must be at least 1") }
        guard temperature >= 0, temperature <= 10 else {
            throw ValidationError("--temperature must be in (0, 10] (0, greedy, for transformers)")
        }
        guard threads >= 1, threads <= 256 else { throw ValidationError("--threads must be 1 to 256") }
        guard topK >= 0 else { throw ValidationError("--top-k must be 0 or more") }
        guard ["observed", "interpolated"].contains(sampling) else {
            throw ValidationError("--sampling must be observed or interpolated (got '\(sampling)')")
        }
    }

    func run() throws {
        try TextCommandSupport.reportingErrors {
            let generator: any TextGenerator
            if let model {
                generator = try modelGenerator(model)
            } else {
                let loaded = try Grammar.load(from: grammar!)
                if prompt.isEmpty && !loaded.defines(symbol) {
                    throw LoomError(
                        .invalidArgument,
                        "\(grammar!) has no symbol '\(symbol)'; it defines: \(loaded.symbols.joined(separator: ", "))")
                }
                generator = GrammarGenerator(loaded, symbol: symbol)
            }
            let base = TextCommandSupport.seed(seed)
            var output = ""
            for index in 0..<count {
                let request = TextRequest(
                    prompt: prompt, seed: TextCommandSupport.seed(base, item: index), maxTokens: tokens,
                    stop: TextStop(atSentenceEnd: !continueSentences), temperature: temperature, topK: topK)
                let text = try generator.generate(request).text
                output += line(continuing: model != nil ? prompt : "", with: text) + "\n"
                if output.utf8.count > 1 << 16 {
                    print(output, terminator: "")
                    output = ""
                }
            }
            print(output, terminator: "")
        }
    }

    /// The generator for a `--model` file, chosen by the file's format.
    func modelGenerator(_ path: String) throws -> any TextGenerator {
        let transformerSampling = TransformerSampling(
            topP: topP, repetitionPenalty: repetitionPenalty, threads: threads)
        switch try TextModelFormat.detect(path: path) {
        case .ngram:
            guard temperature > 0 else {
                throw LoomError(.invalidArgument, "--temperature 0 (greedy) is only for transformer models")
            }
            return NGramGenerator(
                try NGramModel.load(from: path),
                sampling: sampling == "interpolated" ? .interpolated : .observedContinuations)
        case .gguf:
            let file = try GGUFFile.load(from: path)
            let transformer = try file.transformer()
            let vocabulary: any TextTokenizer =
                try tokenizer.map {
                    try LlamaTokenizer.loadLlama2c(from: $0, vocabularySize: transformer.config.vocabularySize)
                } ?? file.textTokenizer()
            return try TransformerGenerator(model: transformer, tokenizer: vocabulary, sampling: transformerSampling)
        case .llama2c:
            let tokenizerPath =
                tokenizer
                ?? URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("tokenizer.bin").path
            guard FileManager.default.fileExists(atPath: tokenizerPath) else {
                throw LoomError(
                    .invalidArgument, "\(path) is a llama2.c checkpoint; give its tokenizer with --tokenizer FILE")
            }
            return try TransformerGenerator(model: path, tokenizer: tokenizerPath, sampling: transformerSampling)
        }
    }

    /// The prompt and its continuation as one line of prose.
    func line(continuing prompt: String, with text: String) -> String {
        if prompt.isEmpty { return text }
        if text.isEmpty { return prompt }
        let attached = text.first.map { ".,;:!?)]}\u{2019}\u{201D}".contains($0) } ?? false
        return prompt + (attached ? "" : " ") + text
    }
}
