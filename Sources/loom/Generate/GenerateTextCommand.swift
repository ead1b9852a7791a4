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
            by the file's first bytes; a bare file name is looked up on the model search path (LOOM_MODELS, \
            Models/). A llama2.c checkpoint needs --tokenizer (default: tokenizer.bin beside the model). \
            For transformers, --temperature 0 is greedy decoding, the continuation is the model's own \
            (printed right after the prompt) and runs to --tokens or the end of text unless \
            --first-sentence; --word-start makes it begin a new word, as worlds do. --chat writes the \
            prompt as a user message in the model's chat template (--chat-template NAME overrides it) \
            and prints the reply, which ends at the end-of-turn token.
            """
    )

    @Option(help: "A model: 'loom train text' output, a GGUF llama model or a llama2.c checkpoint.")
    var model: String?

    @Option(help: "A llama2.c tokenizer.bin for a llama2.c checkpoint (default: beside the model).")
    var tokenizer: String?

    @Option(help: "Nucleus sampling: keep the likeliest tokens up to this probability (transformers only).")
    var topP = 1.0

    @Option(help: "Drop tokens less likely than this times the likeliest; 0 disables it (transformers only).")
    var minP = 0.0

    @Option(help: "Penalty in [1, 10] on recently used tokens; 1 disables it (transformers only).")
    var repetitionPenalty = 1.0

    @Option(help: "How many recent tokens the repetition penalty looks at (transformers only).")
    var repetitionWindow = 64

    @Flag(help: "Continue a prompt that ends inside a word with a new word, as worlds do (transformers only).")
    var wordStart = false

    @Flag(help: "Stop a transformer's text at its first sentence end.")
    var firstSentence = false

    @Flag(help: "Prompt an instruction-tuned GGUF model through its chat template; print the reply.")
    var chat = false

    @Option(help: "A system message for --chat.")
    var system: String?

    @Option(help: "The chat format for --chat, overriding the model's (chatml, llama3, gemma, phi3, …).")
    var chatTemplate: String?

    @Option(help: "Threads for the transformer's matrix products; the text is the same on any count.")
    var threads = 1

    @Option(help: "A Tracery JSON grammar.")
    var grammar: String?

    @Option(help: "The grammar symbol to expand.")
    var symbol = "origin"

    @Option(help: "Text to continue (model) or rule text to flatten (grammar).")
    var prompt = ""

    @Option(parsing: .unconditional, help: .seed)
    var seed = Seed(1)

    @Option(help: "How many results to print.")
    var count = 1

    @Option(name: [.customLong("tokens"), .customLong("max-tokens")], help: "The most tokens per result.")
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

    @Flag(help: "Keep writing past the first sentence, up to --tokens (n-gram models; transformers always do).")
    var continueSentences = false

    @Flag(
        help: """
            Print each result as one line of JSON: {"kind": "text", "index": 0, "seed": "1", "text": "…"} \
            (the seed the result was written with; with --chat the reply alone, else the prompt and its continuation).
            """)
    var json = false

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
        guard minP >= 0, minP <= 1 else { throw ValidationError("--min-p must be in [0, 1]") }
        guard repetitionWindow >= 0 else { throw ValidationError("--repetition-window must be 0 or more") }
        guard !chat || model != nil else { throw ValidationError("--chat needs --model FILE (a GGUF chat model)") }
        guard ["observed", "interpolated"].contains(sampling) else {
            throw ValidationError("--sampling must be observed or interpolated (got '\(sampling)')")
        }
    }

    func run() throws {
        let generator: any TextGenerator
        var modelPath: String?
        var file: GGUFFile?
        var transformer: TransformerGenerator?
        if let model {
            let path = model.contains("/") ? model : try ModelSearchPath().locate(model)
            modelPath = path
            if let loaded = try loadTransformer(path) {
                generator = loaded.generator
                transformer = loaded.generator
                file = loaded.file
            } else {
                generator = try nGramGenerator(path)
            }
        } else {
            let loaded = try Grammar.load(from: grammar!)
            if prompt.isEmpty && !loaded.defines(symbol) {
                throw LoomError(
                    .invalidArgument,
                    "\(grammar!) has no symbol '\(symbol)'; it defines: \(loaded.symbols.joined(separator: ", "))")
            }
            generator = GrammarGenerator(loaded, symbol: symbol)
        }
        let template = try chat ? resolveChatTemplate(file: file, path: modelPath) : nil
        let base = seed
        var output = ""
        for index in 0..<count {
            let stopsAtSentence = transformer != nil ? firstSentence : !continueSentences
            let request = TextRequest(
                prompt: prompt, seed: TextCommandSupport.seed(base, item: index), maxTokens: tokens,
                stop: TextStop(atSentenceEnd: stopsAtSentence), temperature: temperature, topK: topK)
            let result: String
            if let template, let transformer {
                var messages: [ChatMessage] = system.map { [.system($0)] } ?? []
                messages.append(.user(prompt))
                result = try transformer.chat(messages, template: template, request: request).text
            } else if transformer != nil && !wordStart {
                result = prompt + (try Self.rawContinuation(of: generator, request: request))
            } else {
                let text = try generator.generate(request).text
                result = line(continuing: model != nil ? prompt : "", with: text)
            }
            if json {
                output +=
                    JSONOutput.line([
                        "kind": "text", "index": index, "seed": request.seed.description, "text": result,
                    ]) + "\n"
            } else {
                output += result + "\n"
            }
            if output.utf8.count > 1 << 16 {
                print(output, terminator: "")
                output = ""
            }
        }
        print(output, terminator: "")
    }

    /// The chat template for `--chat`: `--chat-template`, else the one the GGUF `file`'s
    /// `tokenizer.chat_template` names.
    func resolveChatTemplate(file: GGUFFile?, path: String?) throws -> ChatTemplate {
        guard let file else {
            throw LoomError(.invalidArgument, "--chat needs a GGUF transformer model (got \(path ?? "none"))")
        }
        return try ChatTemplate.forModel(file, override: chatTemplate)
    }

    /// The transformer in the `--model` file at `path` (GGUF, or llama2.c with `--tokenizer`),
    /// or `nil` when the file is an n-gram model.
    func loadTransformer(_ path: String) throws -> LoadedTransformer? {
        let format = try TextModelFormat.detect(path: path)
        guard format != .ngram else { return nil }
        let sampling = TransformerSampling(
            topP: topP, minP: minP, repetitionPenalty: repetitionPenalty, repetitionWindow: repetitionWindow,
            threads: threads, startsNewWord: wordStart)
        return try TransformerGenerator.load(
            model: path, format: format, tokenizer: tokenizer, sampling: sampling,
            wording: TransformerFileWording(model: "--model", tokenizer: "--tokenizer FILE"))
    }

    /// The n-gram model's generator for the `--model` file at `path`.
    func nGramGenerator(_ path: String) throws -> any TextGenerator {
        guard temperature > 0 else {
            throw LoomError(.invalidArgument, "--temperature 0 (greedy) is only for transformer models")
        }
        return NGramGenerator(
            try NGramModel.load(from: path),
            sampling: sampling == "interpolated" ? .interpolated : .observedContinuations)
    }

    /// A transformer's own continuation, its spaces kept (``TextGenerator/generate(_:)`` trims
    /// them): every token up to the request's limit, its sentence end when asked, or the end of text.
    static func rawContinuation(of generator: any TextGenerator, request: TextRequest) throws -> String {
        var stream = try generator.makeStream(for: request)
        var text = ""
        for _ in 0..<request.maxTokens {
            guard let token = try stream.next() else { break }
            text += token.text
            if token.endsSentence && request.stop.atSentenceEnd { break }
        }
        return text
    }

    /// The prompt and its continuation as one line of prose.
    func line(continuing prompt: String, with text: String) -> String {
        if prompt.isEmpty { return text }
        if text.isEmpty { return prompt }
        let attached = text.first.map { ".,;:!?)]}\u{2019}\u{201D}".contains($0) } ?? false
        return prompt + (attached ? "" : " ") + text
    }
}
