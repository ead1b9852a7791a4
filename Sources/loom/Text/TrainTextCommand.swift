import ArgumentParser
import Foundation
import Loom

/// `loom train text CORPUS --order 4 --out MODEL`: learns a word n-gram model from prose.
struct TrainTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Train a word n-gram model (interpolated modified Kneser-Ney) on a UTF-8 corpus.",
        discussion: "Prints corpus and model statistics. The model file is written atomically."
    )

    @Argument(help: "The corpus: a UTF-8 text file of prose.")
    var corpus: String

    @Option(help: "The longest n-gram counted, 2 to 5.")
    var order = 3

    @Option(help: "Where to write the model (.ngram).")
    var out: String

    func validate() throws {
        guard (2...5).contains(order) else { throw ValidationError("--order must be 2 to 5 (got \(order))") }
    }

    func run() throws {
        try TextCommandSupport.reportingErrors {
            let clock = ContinuousClock()
            let start = clock.now
            let model = try NGramModel.train(corpusAt: corpus, order: order)
            let trained = clock.now - start
            try model.save(to: out)
            let bytes = Self.fileSize(corpus)
            let fileSize = Self.fileSize(out)
            let seconds = Double(trained.components.seconds) + Double(trained.components.attoseconds) * 1e-18
            print("corpus      \(corpus): \(TextCommandSupport.size(bytes))")
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
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
