import LoomCore

/// The shape and training settings of a ``NeuralTileModel``.
///
/// `Codable`, so the command line, Lua and tools share one description; every field has a
/// default that trains a useful model from a handful of maps in well under a minute.
public struct NeuralTileParameters: Sendable, Codable, Hashable {
    /// The side of the causal window, odd, 3 to 15 (default 5): a cell sees the `window / 2`
    /// rows above it, `window / 2` columns either side, and the cells to its left on its row.
    public var window: Int = 5
    /// Features of each neighbour's tile embedding, 1 to 64 (default 8).
    public var embedding: Int = 8
    /// Units of the hidden layer, 4 to 1024 (default 64).
    public var hidden: Int = 64
    /// Passes over every cell of the examples (default 20).
    public var epochs: Int = 20
    /// Cells per AdamW step (default 256).
    public var batchSize: Int = 256
    /// AdamW learning rate (default 0.01).
    public var learningRate: Float = 0.01
    /// Seed of the initial weights and of the order cells are visited in (default 1).
    public var seed: UInt64 = 1

    /// The defaults.
    public init() {}

    /// The radius of the causal window.
    public var radius: Int { window / 2 }

    /// Neighbours in the causal window: `radius` full rows above and `radius` cells to the left.
    public var contextCount: Int { radius * (2 * radius + 1) + radius }

    /// Throws an `.invalidArgument` `LoomError` naming the first field out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw LoomError(.invalidArgument, message) }
        }
        try check(window % 2 == 1 && (3...15).contains(window), "window must be odd, 3 to 15 (got \(window))")
        try check((1...64).contains(embedding), "embedding must be 1 to 64 (got \(embedding))")
        try check((4...1024).contains(hidden), "hidden must be 4 to 1024 (got \(hidden))")
        try check(epochs >= 0, "epochs must be 0 or more (got \(epochs))")
        try check((1...65536).contains(batchSize), "batch size must be 1 to 65536 (got \(batchSize))")
        try check(learningRate > 0 && learningRate.isFinite, "learning rate must be positive (got \(learningRate))")
    }

    /// The (dx, dy) offsets of the causal window in the order the model reads them.
    var offsets: [(dx: Int, dy: Int)] {
        var result: [(dx: Int, dy: Int)] = []
        for dy in -radius...0 {
            for dx in -radius...radius where dy < 0 || dx < 0 { result.append((dx, dy)) }
        }
        return result
    }
}
