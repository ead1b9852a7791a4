import Foundation
import LoomCore

/// Embeddings of a story's fixed texts (option lines, hints, `#about:` tags), computed once per
/// compiled story and model, and shared by every ``StoryRunner`` of the story.
///
/// Keyed by the embedder's `TextEmbedder.identifier` and the exact text, so one model's
/// vectors are never used for another's. The cache is only ever looked up by key, never
/// iterated, so nothing depends on the order of a hashed collection. Thread-safe.
public final class StoryEmbeddingCache: @unchecked Sendable {
    private let lock = NSLock()
    private var vectors: [String: [Float]] = [:]

    /// An empty cache.
    public init() {}

    /// How many texts are cached (over every model).
    public var count: Int { lock.withLock { vectors.count } }

    /// The embeddings of `cached` (taken from the cache or computed and kept) followed by those
    /// of `transient` (computed, never kept: typed player text), all missing ones in one batch.
    public func embed(
        _ cached: [String], transient: [String] = [], with embedder: any TextEmbedder
    ) throws -> (cached: [[Float]], transient: [[Float]]) {
        let keys = cached.map { embedder.identifier + "\u{0}" + $0 }
        var found: [[Float]?] = lock.withLock { keys.map { vectors[$0] } }
        var missing: [String] = []
        var missingSlots: [Int] = []
        var seen: [String: Int] = [:]
        for (slot, text) in cached.enumerated() where found[slot] == nil && seen[text] == nil {
            seen[text] = missing.count
            missing.append(text)
            missingSlots.append(slot)
        }
        let computed = try (missing.isEmpty && transient.isEmpty) ? [] : embedder.embed(missing + transient)
        guard computed.count == missing.count + transient.count else {
            throw LoomError(
                .runtime,
                "the text embedder returned \(computed.count) vectors for \(missing.count + transient.count) texts")
        }
        lock.withLock {
            for (index, slot) in missingSlots.enumerated() { vectors[keys[slot]] = computed[index] }
        }
        for slot in found.indices where found[slot] == nil {
            found[slot] = computed[seen[cached[slot]]!]
        }
        return (found.map { $0! }, Array(computed.suffix(transient.count)))
    }
}
