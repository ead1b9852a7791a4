import LoomCore

/// One attempt's search: decisions, propagation, constraint checks and chronological
/// backtracking over the engine's ban trail.
struct WFCSearch {
    enum Outcome {
        case solved
        /// The observation limit was reached in a consistent state; some cells are undecided.
        case stopped
        case failed(String)
        /// Every branch was refuted: no seed can succeed.
        case unsatisfiable
    }

    struct Decision {
        var mark: Int
        var cell: Int
        var pattern: Int
    }

    let engine: WFCEngine
    let constraints: WFCCompiledConstraints
    var decisions: [Decision]
    var backtracks = 0
    var visited: [Bool]
    var queue: [Int32]

    init(engine: WFCEngine, constraints: WFCCompiledConstraints) {
        self.engine = engine
        self.constraints = constraints
        decisions = []
        decisions.reserveCapacity(engine.cellCount)
        visited = constraints.connected == nil ? [] : [Bool](repeating: false, count: engine.cellCount)
        queue = []
        queue.reserveCapacity(constraints.connected == nil ? 0 : engine.cellCount)
    }

    /// Propagates and enforces the constraints until nothing changes; `false` on contradiction.
    private mutating func settle() -> Bool {
        while true {
            engine.propagate()
            if engine.contradiction { return false }
            if constraints.isEmpty || !engine.enforce(constraints, visited: &visited, queue: &queue) {
                return !engine.contradiction
            }
        }
    }

    mutating func run(random: inout Xoshiro256StarStar, options: WFCOptions) -> Outcome {
        decisions.removeAll(keepingCapacity: true)
        backtracks = 0
        var consistent = settle()
        var observations = 0
        engine.startAttempt(random: &random)
        while true {
            while !consistent {
                // Chronological backtracking has refuted every decision in turn, so the search
                // was exhaustive: there is no solution at all.
                guard let last = decisions.popLast() else { return .unsatisfiable }
                guard backtracks < options.backtracks else {
                    return .failed("contradiction after \(backtracks) backtracks")
                }
                backtracks += 1
                engine.undo(to: last.mark)
                engine.ban(last.cell, last.pattern)
                consistent = !engine.contradiction && settle()
            }
            if options.propagationBudget > 0 && engine.steps > options.propagationBudget {
                return .failed("propagation budget of \(options.propagationBudget) steps spent")
            }
            engine.flushDirty()
            guard let cell = engine.selectCell() else { return .solved }
            if options.observationLimit > 0 && observations >= options.observationLimit { return .stopped }
            observations += 1
            let pattern = engine.choosePattern(cell, random: &random)
            decisions.append(Decision(mark: engine.trailCount, cell: cell, pattern: pattern))
            engine.observe(cell, as: pattern)
            consistent = settle()
        }
    }
}
