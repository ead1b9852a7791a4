import LoomCore

extension LoomError.Kind {
    /// A constraint solver found no solution within its budget.
    public static let unsatisfiable = LoomError.Kind("unsatisfiable")
}

/// What a ``WFCSolver`` run produced: the decided patterns, or why there are none, and how much
/// work it took.
public struct WFCResult: Sendable, Hashable {
    /// The pattern id of every wave cell, or `nil` when the run failed.
    public var patterns: Grid<Int>?
    /// Attempts made (1 when the first attempt succeeded).
    public var attempts: Int
    /// Backtracks made over all attempts.
    public var backtracks: Int
    /// Propagation steps over all attempts.
    public var propagationSteps: Int
    /// Why the run failed, or `nil` on success.
    public var failure: String?

    /// Whether the run produced patterns.
    public var isSuccess: Bool { patterns != nil }

    /// The patterns, or a `LoomError` of kind `.unsatisfiable` saying why there are none.
    public func get() throws -> Grid<Int> {
        if let patterns { return patterns }
        throw LoomError(.unsatisfiable, failure ?? "no solution")
    }
}
