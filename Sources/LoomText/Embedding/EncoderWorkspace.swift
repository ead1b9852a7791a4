import Foundation

/// The working memory of one pass of ``QuantizedBertEncoder``: the embedded tokens, the
/// activations quantised to int16 and their scales, the projections, the feed-forward layer
/// and attention's scratch, each with room for ``capacity`` tokens.
final class EncoderWorkspace {
    /// The most tokens one pass may hold.
    let capacity: Int
    /// `capacity × hidden` floats: the token vectors, updated in place layer by layer.
    let x: UnsafeMutablePointer<Float>
    /// `capacity × max(hidden, intermediate)` int16 activations.
    let quantized: UnsafeMutablePointer<Int16>
    /// One scale per token.
    let scales: UnsafeMutablePointer<Float>
    /// `capacity × 3·hidden` floats: queries, keys and values.
    let qkv: UnsafeMutablePointer<Float>
    /// `capacity × hidden` floats: attention's output, then the feed-forward layer's.
    let context: UnsafeMutablePointer<Float>
    /// `capacity × intermediate` floats.
    let up: UnsafeMutablePointer<Float>
    /// Attention's gathered keys, values and scores: `capacity × (2·headSize + 1)` floats.
    let scratch: UnsafeMutablePointer<Float>

    init(capacity: Int, configuration c: BertConfiguration) {
        let (h, i) = (c.hiddenSize, c.intermediateSize)
        self.capacity = capacity
        x = .allocate(capacity: capacity * h)
        quantized = .allocate(capacity: capacity * Swift.max(h, i))
        scales = .allocate(capacity: capacity)
        qkv = .allocate(capacity: capacity * 3 * h)
        context = .allocate(capacity: capacity * h)
        up = .allocate(capacity: capacity * i)
        scratch = .allocate(capacity: capacity * (2 * c.headSize + 1))
    }

    deinit {
        quantized.deallocate()
        for pointer in [x, scales, qkv, context, up, scratch] { pointer.deallocate() }
    }
}

/// Workspaces kept between passes, so that a stream of small batches (a typed sentence, the
/// options of a scene) neither allocates nor has the kernel clear fresh pages on every pass.
/// One workspace of at most ``largestKept`` tokens is kept; larger passes, whose own work
/// dwarfs their allocation, and concurrent passes beyond the first allocate their own.
/// Thread-safe: a workspace is used by one pass at a time.
final class EncoderWorkspaces: @unchecked Sendable {
    /// The largest workspace kept, in tokens (about 18 MB for all-MiniLM-L6-v2).
    let largestKept = 1024
    private let lock = NSLock()
    private var kept: EncoderWorkspace?

    /// Runs `body` with a workspace of at least `tokens` tokens.
    func with<Result>(
        tokens: Int, configuration: BertConfiguration, _ body: (EncoderWorkspace) -> Result
    ) -> Result {
        let taken: EncoderWorkspace? = lock.withLock {
            defer { kept = nil }
            return kept
        }
        let workspace =
            taken.flatMap { $0.capacity >= tokens ? $0 : nil }
            ?? EncoderWorkspace(capacity: tokens, configuration: configuration)
        let result = body(workspace)
        if workspace.capacity <= largestKept {
            lock.withLock {
                if kept == nil || kept!.capacity < workspace.capacity { kept = workspace }
            }
        }
        return result
    }
}
