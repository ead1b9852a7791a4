/// A sentence model: maps text to a fixed-length vector whose direction carries its meaning,
/// so that texts saying similar things have a high cosine similarity.
///
/// The protocol the story engine calls to understand typed player text and to pick storylets
/// by topic; `LoomText`'s `SentenceEmbedder` (all-MiniLM-L6-v2) implements it, and a game can
/// plug another model.
///
/// ```swift
/// let vectors = try embedder.embed(["light the lamp", "I light the lamp and wait"])
/// let score = TextEmbedding.cosine(vectors[0], vectors[1])  // about 0.8 with all-MiniLM-L6-v2
/// ```
public protocol TextEmbedder: Sendable {
    /// The length of every embedding this model returns.
    var dimension: Int { get }

    /// Names the model and every setting that changes its output, so that a cache of
    /// embeddings made by one model is never used for another (`"all-MiniLM-L6-v2"`).
    var identifier: String { get }

    /// One embedding of ``dimension`` values per text, in the order of `texts`.
    ///
    /// The same text gives the same vector on every call on one machine, whatever else is in
    /// the batch, to within rounding (about 1e-6 per component); pass many texts at once, as
    /// batches are much faster than single calls.
    func embed(_ texts: [String]) throws -> [[Float]]

    /// Text a player typed, prepared for this model before it is compared with `context` (the
    /// texts it may match: the options on screen and their hints). A model may correct
    /// spelling here; the result must depend only on `text` and `context`. The default returns
    /// `text` unchanged.
    func preparing(typed text: String, context: [String]) -> String
}

extension TextEmbedder {
    /// `text` unchanged.
    public func preparing(typed text: String, context: [String]) -> String { text }

    /// The embedding of one text.
    public func embed(_ text: String) throws -> [Float] {
        try embed([text])[0]
    }

    /// The cosine similarity of two texts, in [-1, 1].
    public func similarity(_ a: String, _ b: String) throws -> Float {
        let vectors = try embed([a, b])
        return TextEmbedding.cosine(vectors[0], vectors[1])
    }
}

/// Arithmetic on embeddings.
public enum TextEmbedding {
    /// The cosine of the angle between `a` and `b` (`a·b / (|a||b|)`), in [-1, 1]; 0 when either
    /// is all zeros. Accumulates in `Double`, so the order of the sum barely matters.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "cosine of vectors of lengths \(a.count) and \(b.count)")
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for i in a.indices {
            let x = Double(a[i])
            let y = Double(b[i])
            dot += x * y
            normA += x * x
            normB += y * y
        }
        guard normA > 0, normB > 0 else { return 0 }
        return Float(max(-1, min(1, dot / (normA.squareRoot() * normB.squareRoot()))))
    }

    /// `score` rounded to four decimals, the precision at which Loom compares similarities when
    /// a choice depends on them (option matching, saliency), so that the last bits a BLAS
    /// kernel leaves (which differ between CPUs) almost never change a decision.
    public static func rounded(_ score: Float) -> Float {
        (score * 10_000).rounded() / 10_000
    }
}
