import LoomCore

/// Wave Function Collapse over any ``WFCRules``: picks cells, decides them by weight, and
/// propagates what that rules out, until every cell holds one pattern.
///
/// Propagation keeps, for every cell, pattern and direction, how many neighbouring patterns
/// still support it (AC-4), in buffers allocated once per solve. A contradiction (a cell left
/// with no pattern) is undone by backtracking: the latest decision is reverted from the ban
/// trail and banned instead. After ``WFCOptions/backtracks`` backtracks, or when the
/// ``WFCOptions/propagationBudget`` is spent, the attempt restarts from the seed
/// `seed.derive("attempt").derive(k, 0)` for attempt `k` (the first attempt is `k = 0`). If every
/// attempt fails, the result says so; nothing traps. When backtracking refutes every decision
/// within its budget, the search was exhaustive and the result reports that no solution exists
/// at all, without further attempts (a 2-periodic checkerboard cannot wrap around 47 cells).
///
/// ```swift
/// let rules = try OverlappingRules(image: image, options: .init(N: 3, symmetry: 8))
/// let solver = try WFCSolver(rules: rules, width: 48, height: 48, options: .init(periodic: true))
/// let result = solver.solve(seed: Seed(7))
/// let map = rules.values(from: try result.get(), periodic: true)
/// ```
public struct WFCSolver<Rules: WFCRules>: Sendable {
    /// The rules solved.
    public let rules: Rules
    /// Width of the wave, in cells.
    public let width: Int
    /// Height of the wave, in cells.
    public let height: Int
    /// Heuristic, wrap-around and budgets.
    public let options: WFCOptions

    /// A solver for a `width × height` wave. Throws `.invalidArgument` for an empty size, rules
    /// without patterns or with non-positive weights, or options out of range.
    public init(rules: Rules, width: Int, height: Int, options: WFCOptions = WFCOptions()) throws {
        try options.validate()
        guard width > 0, height > 0 else {
            throw LoomError(.invalidArgument, "the output size must be positive, got \(width)x\(height)")
        }
        guard rules.patternCount > 0 else { throw LoomError(.invalidArgument, "the rules have no patterns") }
        guard rules.weights.count == rules.patternCount, rules.weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw LoomError(.invalidArgument, "every pattern needs a positive, finite weight")
        }
        let (cells, cellsOverflow) = width.multipliedReportingOverflow(by: height)
        let (entries, entriesOverflow) = cells.multipliedReportingOverflow(by: rules.patternCount)
        guard !cellsOverflow, !entriesOverflow, entries <= 1 << 31 else {
            throw LoomError(
                .invalidArgument,
                "\(width)x\(height) cells × \(rules.patternCount) patterns is too large; make chunks instead")
        }
        guard options.propagation == .bitsets || rules.patternCount <= Int(Int16.max) else {
            throw LoomError(
                .invalidArgument,
                "\(rules.patternCount) patterns are too many for support counts (at most 32767); use .bitsets")
        }
        self.rules = rules
        self.width = width
        self.height = height
        self.options = options
    }

    /// Solves from `seed` under `constraints`. The same seed, rules, size, options and
    /// constraints give the same result on every machine.
    public func solve(seed: Seed, constraints: WFCConstraints = WFCConstraints()) -> WFCResult {
        for bound in constraints.counts where bound.minimum > (bound.maximum ?? Int.max) || bound.minimum < 0 {
            return WFCResult(
                patterns: nil, attempts: 0, backtracks: 0, propagationSteps: 0,
                failure: "count bounds \(bound.minimum)...\(bound.maximum ?? Int.max) are empty")
        }
        let engine = WFCEngine(
            rules: rules, width: width, height: height, periodic: options.periodic, heuristic: options.heuristic,
            propagation: options.propagation)
        engine.reset()
        if let reason = engine.applyStartingBans(constraints, periodic: options.periodic) {
            return WFCResult(
                patterns: nil, attempts: 0, backtracks: 0, propagationSteps: engine.steps, failure: reason)
        }
        let compiled = engine.compile(constraints)
        let baseline = engine.trailCount
        var search = WFCSearch(engine: engine, constraints: compiled)
        var totalBacktracks = 0, totalSteps = 0
        var lastReason = ""
        for attempt in 0..<options.attempts {
            engine.undo(to: baseline)
            engine.steps = 0
            var random = seed.derive("attempt").derive(attempt, 0).makeRandom()
            let outcome = search.run(random: &random, options: options)
            totalBacktracks += search.backtracks
            totalSteps += engine.steps
            switch outcome {
            case .solved:
                let cells = (0..<engine.cellCount).map { engine.firstPossible($0) }
                return WFCResult(
                    patterns: Grid(width: width, height: height, cells: cells), attempts: attempt + 1,
                    backtracks: totalBacktracks, propagationSteps: totalSteps, failure: nil)
            case .stopped:
                let cells = (0..<engine.cellCount).map { engine.count[$0] == 1 ? engine.firstPossible($0) : -1 }
                let bits = Array(UnsafeBufferPointer(start: engine.wave, count: engine.cellCount * engine.words))
                return WFCResult(
                    patterns: Grid(width: width, height: height, cells: cells), attempts: attempt + 1,
                    backtracks: totalBacktracks, propagationSteps: totalSteps, failure: nil,
                    wave: WFCWave(width: width, height: height, patternCount: engine.T, bits: bits))
            case .failed(let reason):
                lastReason = reason
            case .unsatisfiable:
                return WFCResult(
                    patterns: nil, attempts: attempt + 1, backtracks: totalBacktracks, propagationSteps: totalSteps,
                    failure: "the rules and constraints have no solution at this size (every choice was refuted)")
            }
        }
        return WFCResult(
            patterns: nil, attempts: options.attempts, backtracks: totalBacktracks, propagationSteps: totalSteps,
            failure: "no solution after \(options.attempts) attempts (last: \(lastReason))")
    }
}
