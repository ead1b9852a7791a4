import ArgumentParser
import Foundation
import Loom

/// `loom train text CORPUS… --out MODEL`: learns a word n-gram model (the default) or a
/// llama-architecture transformer (`--model transformer`, written as GGUF) from prose.
struct TrainTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Train a word n-gram model or a small transformer on UTF-8 prose.",
        discussion: """
            --model ngram (the default) learns an interpolated modified Kneser-Ney n-gram model. \
            --model transformer trains a llama-architecture transformer with a learned BPE vocabulary and \
            writes it as GGUF, which 'loom generate text --model FILE' runs. Several corpus files are joined. \
            Model files are written atomically.
            """
    )

    /// The two kinds of text model `loom train text` makes.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case ngram, transformer
    }

    @Argument(help: "The corpus: one or more UTF-8 text files of prose.")
    var corpus: [String]

    @Option(help: "The kind of model: ngram or transformer.")
    var model: Kind = .ngram

    @Option(help: "n-gram: the longest n-gram counted, 2 to 5.")
    var order = 3

    @OptionGroup(title: "Transformer options")
    var transformer: TransformerTrainingArguments

    @Option(help: "Where to write the model (.ngram, or .gguf for a transformer).")
    var out: String

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one corpus file") }
        guard (2...5).contains(order) else { throw ValidationError("--order must be 2 to 5 (got \(order))") }
        if model == .ngram, let option = transformer.firstGivenOption {
            throw ValidationError("\(option) applies to --model transformer only")
        }
    }

    func run() throws {
        try AtomicFile.refuseOverwriting(out, inputs: corpus)
        switch model {
        case .ngram: try trainNGram()
        case .transformer: try transformer.train(corpus: corpus, out: out)
        }
    }

    private func trainNGram() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let model: NGramModel
        if corpus.count == 1 {
            model = try NGramModel.train(corpusAt: corpus[0], order: order)
        } else {
            model = try NGramModel.train(
                text: try corpus.map(AtomicFile.readText).joined(separator: "\n\n"), order: order)
        }
        let trained = clock.now - start
        try model.save(to: out)
        let bytes = corpus.map(Self.fileSize).reduce(0, +)
        let fileSize = Self.fileSize(out)
        let seconds = Double(trained.components.seconds) + Double(trained.components.attoseconds) * 1e-18
        print("corpus      \(corpus.joined(separator: ", ")): \(TextCommandSupport.size(bytes))")
        print("tokens      \(model.tokenCount) (\(model.sentenceCount) sentences)")
        print("vocabulary  \(model.vocabulary.count) tokens")
        for n in 1...model.order {
            let discounts = model.discounts(order: n).map { String(format: "%.4f", $0) }.joined(separator: " ")
            print("order \(n)     \(model.ngramCount(order: n)) n-grams, discounts D1 D2 D3+ = \(discounts)")
        }
        print("model       \(out): \(TextCommandSupport.size(fileSize))")
        let rate = seconds > 0 ? Double(bytes) / seconds / 1e6 : 0
        print(String(format: "time        %.3f s (%.1f MB/s)", seconds, rate))
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
