import ArgumentParser
import Foundation
import Loom

/// `loom embed --model DIR TEXT…`: sentence embeddings as JSON, or their cosine matrix.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed sentences with a sentence model (all-MiniLM-L6-v2).",
        discussion: """
            Prints one JSON array of the model's dimension (384) per text, in order; with \
            --similarity, the matrix of cosine similarities instead, one JSON row per text. The \
            model is a folder (config.json, model.safetensors, vocab.txt) or a name on the model \
            search path; Scripts/fetch-models downloads all-MiniLM-L6-v2 into Models/.
            """
    )

    @Option(help: "The model folder, or a name on the model search path.")
    var model = SentenceEmbedder.defaultModelName

    @Option(help: "int8 (fast, within cosine 0.999 of float32) or float32 (the exact model).")
    var precision = SentenceEmbedder.Precision.int8.rawValue

    @Flag(help: "Print the cosine similarity matrix instead of the embeddings.")
    var similarity = false

    @Argument(help: "The texts to embed (one argument each; quote sentences).")
    var texts: [String]

    func run() throws {
        guard let precision = SentenceEmbedder.Precision(rawValue: precision) else {
            throw ValidationError("--precision '\(self.precision)' is not int8 or float32")
        }
        var embedder = try SentenceEmbedder.load(from: model)
        embedder.precision = precision
        let vectors = try embedder.embed(texts)
        if similarity {
            for a in vectors {
                let row = vectors.map { String(format: "%.4f", TextEmbedding.cosine(a, $0)) }
                print("[" + row.joined(separator: ",") + "]")
            }
        } else {
            for vector in vectors { print("[" + vector.map { "\($0)" }.joined(separator: ",") + "]") }
        }
    }
}
