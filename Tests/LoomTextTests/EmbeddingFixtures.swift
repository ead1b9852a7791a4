import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The sentence model and the reference outputs `Scripts/reference_embed.py` wrote for it.
enum EmbeddingFixtures {
    /// The all-MiniLM-L6-v2 folder, or `nil` when it has not been fetched.
    static let modelFolder: String? = ModelSearchPath().find("all-MiniLM-L6-v2")

    /// Why model tests skip.
    static let absent: Comment = "Models/all-MiniLM-L6-v2 is absent; run Scripts/fetch-models"

    /// The model, loaded once for every test that needs it.
    static let embedder: SentenceEmbedder? = modelFolder.flatMap { try? SentenceEmbedder(folder: $0) }

    /// The same model computing in float32, for exactness against the reference.
    static let exactEmbedder: SentenceEmbedder? = embedder.map {
        var exact = $0
        exact.precision = .float32
        return exact
    }

    /// One reference sentence: its text and the ids of Hugging Face's `tokenizers`.
    struct Sentence: Decodable {
        var text: String
        var ids: [Int]
    }

    /// The reference sentences, in file order.
    static func sentences() throws -> [Sentence] {
        let data = try AtomicFile.read(Fixtures.path("Embedding/sentences.json"))
        return try JSONDecoder().decode([Sentence].self, from: data)
    }

    /// The reference embeddings, one row of `dimension` values per sentence.
    static func embeddings(dimension: Int = 384) throws -> [[Float]] {
        let data = try AtomicFile.read(Fixtures.path("Embedding/embeddings.f32"))
        let values = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        return stride(from: 0, to: values.count, by: dimension).map { Array(values[$0..<($0 + dimension)]) }
    }
}
