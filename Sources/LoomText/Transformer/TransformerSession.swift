import Foundation
import LoomCore

/// A model with a key/value cache kept between calls: a prompt that starts with the tokens
/// the session has already seen computes only the tokens after them.
///
/// Stories send the same world facts again and again, so a second request that shares its
/// beginning with the first starts generating after a few new tokens instead of the whole
/// prompt. The result never depends on what was cached: every token's keys and values are the
/// same bits whether they were computed in this call or an earlier one, in a batch or alone.
///
/// ```swift
/// let session = TransformerSession(model)
/// let tokens = try session.generate(prompt: ids, maxTokens: 32) { logits, _ in
///     greedy(logits)
/// } onToken: { token in
///     print(token)
///     return true  // false cancels
/// }
/// ```
///
/// A session is not shared between threads; use one per concurrent generation.
public final class TransformerSession {
    /// The model this session runs.
    public let model: Transformer
    private var state: TransformerState
    /// The tokens whose keys and values are in the cache, at positions `0..<cached.count`.
    public private(set) var cached: [Int] = []
    /// Tokens computed by the last call (the others came from the cache).
    public private(set) var lastComputedCount = 0

    /// A session with an empty cache. `threads`: threads for the matrix products (the output
    /// is the same on any count). `kvCache`: how keys and values are cached (default `.f16`,
    /// llama.cpp's default).
    public init(_ model: Transformer, threads: Int = 1, kvCache: KVCacheType = .f16) {
        self.model = model
        self.state = TransformerState(model, threads: threads, kvCache: kvCache)
    }

    /// Threads for the matrix products.
    public var threads: Int {
        get { state.threads }
        set { state.threads = max(1, newValue) }
    }

    /// Forgets the cache.
    public func reset() { cached = [] }

    /// Runs the model over `tokens` (reusing the cached prefix they share with earlier calls)
    /// and hands the logits after the last token to `body`, valid until the next call.
    ///
    /// The cache is cut at the first token that differs; at least the last token is always
    /// computed. Throws `.invalidArgument` for an empty list, tokens outside the vocabulary or
    /// more tokens than the model's context.
    public func logits<R>(after tokens: [Int], _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) throws -> R {
        guard !tokens.isEmpty else { throw LoomError(.invalidArgument, "no tokens to run") }
        var shared = 0
        let limit = min(cached.count, tokens.count - 1)
        while shared < limit, cached[shared] == tokens[shared] { shared += 1 }
        cached.removeSubrange(shared...)
        let fresh = Array(tokens[shared...])
        let result = try state.forward(tokens: fresh, startingAt: shared, body)
        cached = tokens
        lastComputedCount = fresh.count
        return result
    }

    /// Generates after `prompt`: `sample` picks each next token from the logits and the tokens
    /// so far (returning `nil` ends generation), `onToken` receives each one as it is made and
    /// returns `false` to cancel. Stops after `maxTokens` tokens or at the model's context.
    /// Returns the generated tokens.
    @discardableResult
    public func generate(
        prompt: [Int], maxTokens: Int, sample: (UnsafeMutableBufferPointer<Float>, [Int]) throws -> Int?,
        onToken: (Int) throws -> Bool
    ) throws -> [Int] {
        var sequence = prompt
        var generated: [Int] = []
        while generated.count < maxTokens, sequence.count < model.config.sequenceLength {
            let history = sequence
            guard let next = try logits(after: sequence, { try sample($0, history) }) else { break }
            generated.append(next)
            sequence.append(next)
            if try !onToken(next) { break }
        }
        return generated
    }
}

/// Idle sessions of one generator, lent to its streams so that consecutive requests reuse the
/// cache of the one before.
final class TransformerSessionPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [TransformerSession] = []
    /// How many idle sessions are kept; more concurrent streams get fresh ones.
    let capacity = 2

    /// An idle session of `model`, or a new one.
    func take(_ model: Transformer, threads: Int) -> TransformerSession {
        lock.lock()
        let session = idle.popLast()
        lock.unlock()
        let result = session ?? TransformerSession(model)
        result.threads = threads
        return result
    }

    /// Returns a session for the next stream.
    func give(back session: TransformerSession) {
        lock.lock()
        if idle.count < capacity { idle.append(session) }
        lock.unlock()
    }
}

/// A generator's token texts, made by the first caller that needs them and then kept.
final class TokenTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String]?

    /// The texts, made with `make` on the first call.
    func get(_ make: () -> [String]) -> [String] {
        lock.withLock {
            if let texts { return texts }
            let made = make()
            texts = made
            return made
        }
    }
}

/// A session on loan from a pool, returned when the last copy of its stream goes away.
final class TransformerSessionLease {
    let session: TransformerSession
    private let pool: TransformerSessionPool

    init(pool: TransformerSessionPool, model: Transformer, threads: Int) {
        self.pool = pool
        self.session = pool.take(model, threads: threads)
    }

    deinit { pool.give(back: session) }
}
