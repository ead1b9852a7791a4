import LoomCore

extension LoomError.Kind {
    /// A constraint solver found no solution within its budget.
    public static let unsatisfiable = LoomError.Kind("unsatisfiable")
}

/// What a ``WFCSolver`` run produced: the decided patterns, or why there are none, and how much
/// work it took.
public struct WFCResult: Sendable, Hashable {
    /// The pattern id of every wave cell, or `nil` when the run failed. In a partial result
    /// (``isPartial``), cells left undecided hold -1.
    public var patterns: Grid<Int>?
    /// Attempts made (1 when the first attempt succeeded).
    public var attempts: Int
    /// Backtracks made over all attempts.
    public var backtracks: Int
    /// Propagation steps over all attempts.
    public var propagationSteps: Int
    /// Why the run failed, or `nil` on success.
    public var failure: String?
    /// The patterns every cell still allowed when the run stopped at its
    /// ``WFCOptions/observationLimit``; `nil` for a run that decided every cell or failed.
    public var wave: WFCWave? = nil

    /// Whether the run produced patterns (possibly a partial result).
    public var isSuccess: Bool { patterns != nil }

    /// Whether the run stopped at its observation limit with some cells undecided (their
    /// patterns are -1 in ``patterns``; ``wave`` says what they still allow).
    public var isPartial: Bool { wave != nil }

    /// The patterns, or a `LoomError` of kind `.unsatisfiable` saying why there are none.
    public func get() throws -> Grid<Int> {
        if let patterns { return patterns }
        throw LoomError(.unsatisfiable, failure ?? "no solution")
    }
}

/// The patterns each cell still allows: a partly collapsed wave, as a run stopped at its
/// ``WFCOptions/observationLimit`` leaves it.
public struct WFCWave: Sendable, Hashable {
    /// Width, in cells.
    public let width: Int
    /// Height, in cells.
    public let height: Int
    /// Number of patterns of the rules.
    public let patternCount: Int
    /// `⌈patternCount / 64⌉` words per cell, row-major; bit `t` set while pattern `t` is possible.
    let bits: [UInt64]

    init(width: Int, height: Int, patternCount: Int, bits: [UInt64]) {
        self.width = width
        self.height = height
        self.patternCount = patternCount
        self.bits = bits
    }

    private var words: Int { (patternCount + 63) / 64 }

    /// Whether pattern `t` is still possible at `(x, y)`.
    public func allows(_ t: Int, x: Int, y: Int) -> Bool {
        bits[(y * width + x) * words + (t >> 6)] & (1 << UInt64(t & 63)) != 0
    }

    /// The patterns still possible at `(x, y)`, ascending.
    public func patterns(x: Int, y: Int) -> [Int] {
        (0..<patternCount).filter { allows($0, x: x, y: y) }
    }

    /// Cells decided to one pattern.
    public var decidedCount: Int {
        var decided = 0
        for cell in 0..<(width * height) {
            var ones = 0
            for w in 0..<words { ones += bits[cell * words + w].nonzeroBitCount }
            if ones == 1 { decided += 1 }
        }
        return decided
    }
}
