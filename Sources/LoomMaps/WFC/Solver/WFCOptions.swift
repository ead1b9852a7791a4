import LoomCore

/// How the solver picks the next cell to decide.
public enum WFCHeuristic: String, Sendable, Codable, CaseIterable {
    /// The undecided cell with the least Shannon entropy of its weighted options, ties broken by
    /// seeded noise. Gives the most coherent maps; the default.
    case entropy
    /// The undecided cell with the fewest remaining options (minimum remaining values), ties
    /// broken by seeded noise.
    case mrv
    /// The first undecided cell in row-major order. Fastest per step, but contradicts more.
    case scanline
}

/// How the solver propagates a ban to the neighbouring cells. Both reach the same arc-consistent
/// domains; they differ in speed (and, through rounding in the entropy sums, possibly in which
/// of two equally likely cells is picked, so a seed's output is pinned per mode).
public enum WFCPropagation: String, Sendable, Codable, CaseIterable {
    /// AC-4: per cell, pattern and direction, a count of supporting neighbour patterns,
    /// decremented per ban: 8-bit when every pattern allows fewer than 127 neighbours in each
    /// direction, else 16-bit. Memory grows with cells × patterns × 4 bytes (× 8 with 16-bit
    /// counts); needs at most 32 767 patterns. The default, fastest on the classic samples.
    case supportCounts
    /// A changed cell's neighbours keep only the patterns some remaining pattern allows,
    /// computed with bitset unions. Needs no per-pattern counts, so it suits very large grids
    /// or pattern sets; slower when patterns are many and domains shrink slowly.
    case bitsets
}

/// Parameters of a ``WFCSolver`` run. Every field has a documented default, so the CLI, Lua
/// and the playground share one value.
public struct WFCOptions: Sendable, Codable, Hashable {
    /// How the next cell is chosen. Default: `.entropy`.
    public var heuristic: WFCHeuristic = .entropy
    /// How bans propagate. Default: `.supportCounts`.
    public var propagation: WFCPropagation = .supportCounts
    /// Whether the output wraps around at its edges (left meets right, top meets bottom).
    /// Default: `false`.
    public var periodic: Bool = false
    /// Restarts allowed after a failed attempt, each from `seed.derive("attempt", k)`.
    /// Range 1…10 000. Default: 10.
    public var attempts: Int = 10
    /// Backtracks (undoing the latest decision and banning it) allowed per attempt before it
    /// restarts. Range 0…; 0 disables backtracking. Default: 2 000.
    public var backtracks: Int = 2_000
    /// Propagation steps (one banned pattern at one cell, with its effect on the four
    /// neighbours) allowed per attempt; 0 means no limit. Counting steps, not seconds, keeps
    /// results the same on every machine. Default: 0.
    public var propagationBudget: Int = 0
    /// Observations (cells decided by a draw) after which a run stops early, leaving the cells
    /// it has not decided with every pattern they still allow, as the reference implementation's
    /// `limit` does; 0 means no limit. A run stopped early is a success whose result
    /// ``WFCResult/isPartial`` is `true` and carries the remaining ``WFCResult/wave``. The run stops
    /// only in a consistent state: after the limit, a contradiction is still backtracked.
    /// Range 0…. Default: 0.
    public var observationLimit: Int = 0

    /// Options with every field at its default.
    public init() {}

    /// Options with the given fields; the rest keep their defaults.
    public init(
        heuristic: WFCHeuristic = .entropy, periodic: Bool = false, attempts: Int = 10, backtracks: Int = 2_000,
        propagationBudget: Int = 0, propagation: WFCPropagation = .supportCounts, observationLimit: Int = 0
    ) {
        self.observationLimit = observationLimit
        self.propagation = propagation
        self.heuristic = heuristic
        self.periodic = periodic
        self.attempts = attempts
        self.backtracks = backtracks
        self.propagationBudget = propagationBudget
    }

    func validate() throws {
        guard (1...10_000).contains(attempts) else {
            throw LoomError(.invalidArgument, "attempts must be in 1...10000, got \(attempts)")
        }
        guard backtracks >= 0 else { throw LoomError(.invalidArgument, "backtracks must not be negative") }
        guard propagationBudget >= 0 else {
            throw LoomError(.invalidArgument, "propagationBudget must not be negative")
        }
        guard observationLimit >= 0 else {
            throw LoomError(.invalidArgument, "observationLimit must not be negative, got \(observationLimit)")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case heuristic, propagation, periodic, attempts, backtracks, propagationBudget, observationLimit
    }

    /// Decodes options; a missing field keeps its default, so files written before a field
    /// existed still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WFCOptions()
        heuristic = try container.decodeIfPresent(WFCHeuristic.self, forKey: .heuristic) ?? defaults.heuristic
        propagation = try container.decodeIfPresent(WFCPropagation.self, forKey: .propagation) ?? defaults.propagation
        periodic = try container.decodeIfPresent(Bool.self, forKey: .periodic) ?? defaults.periodic
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? defaults.attempts
        backtracks = try container.decodeIfPresent(Int.self, forKey: .backtracks) ?? defaults.backtracks
        propagationBudget =
            try container.decodeIfPresent(Int.self, forKey: .propagationBudget) ?? defaults.propagationBudget
        observationLimit =
            try container.decodeIfPresent(Int.self, forKey: .observationLimit) ?? defaults.observationLimit
    }
}

/// Extra rules a solution must obey, in wave cells and pattern ids.
///
/// For ``TiledRules`` a cell is an output cell and a pattern is a tile variant. For
/// ``OverlappingRules`` a cell holds the N×N pattern whose top-left pixel lands there; use the
/// helpers on ``OverlappingRules`` to state constraints in sample values.
public struct WFCConstraints: Sendable, Codable, Hashable {
    /// A cell restricted to a set of patterns (an entrance here, a chunk's fixed edge there).
    public struct Fixed: Sendable, Codable, Hashable {
        /// Cell column.
        public var x: Int
        /// Cell row.
        public var y: Int
        /// The patterns the cell may hold.
        public var patterns: [Int]
        /// A cell restricted to `patterns`.
        public init(x: Int, y: Int, patterns: [Int]) {
            self.x = x
            self.y = y
            self.patterns = patterns
        }
    }

    /// Bounds on how many cells hold a pattern of a class.
    public struct Count: Sendable, Codable, Hashable {
        /// The class of patterns counted.
        public var patterns: [Int]
        /// Fewest cells of the class. Default: 0.
        public var minimum: Int = 0
        /// Most cells of the class; `nil` for no limit. Default: `nil`.
        public var maximum: Int?
        /// Bounds on the number of cells whose pattern is in `patterns`.
        public init(patterns: [Int], minimum: Int = 0, maximum: Int? = nil) {
            self.patterns = patterns
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    /// Cells restricted to sets of patterns. Default: none.
    public var fixed: [Fixed] = []
    /// Patterns allowed on the outermost ring of cells (ignored for periodic output); `nil`
    /// for no border rule. Default: `nil`.
    public var border: [Int]?
    /// Count bounds. Default: none.
    public var counts: [Count] = []
    /// A class of patterns (such as walkable tiles) whose cells must form one 4-connected region
    /// (wrapping where the output is periodic); `nil` for no connectivity rule. Default: `nil`.
    public var connected: [Int]?
    /// The pattern forced along the bottom row and banned elsewhere (the overlapping model's
    /// ground); `nil` for none. Default: `nil`.
    public var ground: Int?

    /// No constraints.
    public init() {}

    /// Whether any constraint needs checking while solving (beyond the starting bans).
    var needsChecks: Bool { !counts.isEmpty || connected != nil }
}
