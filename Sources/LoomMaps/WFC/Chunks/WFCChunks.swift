import LoomCore

/// How an endless WFC world is cut into chunks.
public enum WFCChunkLayout: String, Sendable, Codable, CaseIterable {
    /// Chunks in both directions, `(cx, cy)` any integers. The default.
    case grid
    /// Chunks along x only, each spanning the world's full height (`chunkHeight` cells), so the
    /// bottom row can hold a ground. For layered samples (sky above ground, such as `Skyline`,
    /// `Flowers` and `Platformer`), which cannot stack independent chunks. Only `cy = 0` exists.
    case strip
    /// Chunks in both directions, each framed by the same ring of cells: the ring of one
    /// periodic solve of the chunk's size, which joins itself on every side. Chunks depend on no
    /// neighbour, and every chunk has a solution (the frame's own filling, used when the search
    /// finds no other), so every rule set with a periodic solution of the chunk's size joins
    /// everywhere, at the cost of the same line of cells along every chunk border.
    case framed
}

/// An endless world of WFC chunks that join without seams, each a function of the seed and
/// its chunk coordinates alone, so chunks can be made in any order, on any machine.
///
/// The scheme is a fixed dependency order by parity of the chunk coordinates `(cx, cy)`:
/// 1. Both even: solved with no outside constraint, from `seed.derive("chunk").derive(cx, cy)`.
/// 2. `cx` odd, `cy` even: its left and right neighbours (both even) are solved first, and its
///    first and last columns are restricted to what their edge cells allow.
/// 3. `cx` even, `cy` odd: the same with the neighbours above and below.
/// 4. Both odd: all four neighbours (of kinds 2 and 3) are solved first and fix all four edges.
///
/// These are *base* solves. A kind-4 chunk whose four fixed edges admit no solution is
/// *repaired*: the chunk plus a band of `b` cells into all eight neighbours is solved again,
/// with the region's outermost ring held at the neighbours' base cells, and the result replaces
/// the chunk and those bands. If that fails too, wider bands are tried (``repairBands``). Every
/// band keeps `2b + 2 ≤` the chunk's smaller side, so the repair regions of different kind-4
/// chunks neither overlap nor touch each other's fixed ring, and a chunk's final cells — its base
/// solve overwritten by the repairs of the kind-4 chunks around it — still depend only on the
/// seed and the chunk coordinates, never on the order a game asks for chunks. Every adjacency
/// across a chunk border obeys the rules.
///
/// In the ``WFCChunkLayout/strip`` layout the same holds along x alone: even chunks are solved
/// freely, odd chunks between their two neighbours, and an odd chunk that fails is repaired
/// with bands into both neighbours over the full height.
///
/// Free sides of the chunks of kinds 1–3 are solved ``margin`` cells further out and cropped, so
/// the edges they hand on can be continued.
///
/// Some rules keep a global invariant that chunks solved apart would break. ``WFCInvariants``
/// finds two kinds from the adjacency rules alone, and the chunks keep them (`keepsInvariants`):
/// - Lattice phase: on a fixed lattice (`Chess`) every cell is limited to the patterns of the
///   phase its world position gives, so all chunks share one phase.
/// - Pipe parity: closed pipes (`Knots` subsets, `Simple Knot`) cross any closed line an even
///   number of times; every chunk solved before the enclosed ones is re-solved from derived
///   seeds until each of its sides crosses the kept parities evenly, so every enclosed chunk's
///   ring can be filled.
///
/// What is left fails with a result that names the chunk and says why; it never traps:
/// - Layers: sky cannot sit under ground (`Mountains`, `Skyline`, `Platformer`); use
///   ``WFCChunkLayout/strip``.
/// - Rules whose invariants are more than the parities and phase found (`3Bricks`, `Castle`,
///   some `Knots` subsets, `Link`) still fail at some chunks. The lattice mazes keep a phase
///   that single patterns do not show; `anchorSpacing: 12` fixes it, and then they join.
///   ``WFCChunkLayout/framed`` joins every one of them, at the cost of a line repeated along
///   every chunk border.
///
/// The measured table is in the Wave Function Collapse article.
///
/// ```swift
/// let chunks = try WFCChunks(rules: rules, chunkWidth: 32, chunkHeight: 32, seed: Seed(9))
/// let tiles = try chunks.chunk(-3, 5).get()
/// ```
public struct WFCChunks<Rules: WFCRules>: Sendable {
    /// The solver for one chunk (never periodic).
    public let solver: WFCSolver<Rules>
    /// The world's seed.
    public let seed: Seed
    /// How the world is cut into chunks.
    public let layout: WFCChunkLayout
    /// The pattern forced along the bottom row of every chunk (``WFCChunkLayout/strip`` only).
    public let ground: Int?
    /// The band widths tried, in order, to repair a kind-4 chunk whose base solve failed; empty
    /// when repairs are off.
    public let repairBands: [Int]
    /// The solver for each repair band, in the order of ``repairBands``.
    let repairSolvers: [WFCSolver<Rules>]
    /// Cells solved beyond each free side of a chunk and then cropped away.
    public let margin: Int
    /// Base solvers by padding: index bit 0 set for a margin left and right, bit 1 above and below.
    let marginSolvers: [WFCSolver<Rules>]
    /// The lattice of anchor cells, when set: every world cell whose coordinates are both
    /// multiples of `spacing` holds `pattern` in every chunk and repair that covers it.
    public let anchor: (spacing: Int, pattern: Int)?
    /// The periodic solve whose outer ring frames every chunk (``WFCChunkLayout/framed`` only).
    public let frame: Grid<Int>?
    /// What every map of the rules keeps (``WFCInvariants``), when the chunks keep them (`keepsInvariants`).
    public let invariants: WFCInvariants?
    /// For each phase of ``invariants``' lattice, the patterns a cell of that phase may hold
    /// (the kept component's); empty when the rules need no such restriction.
    let patternsByPhase: [[Int]]
    /// The parities kept across the sides of enclosed chunks (none when the rules have more
    /// than ``maximumKeptParities``).
    let keptParities: [WFCInvariants.Parity]
    /// Solves tried, at most, for a chunk that is not enclosed until every kept parity is even
    /// across each of its sides; after the first eighth of them, only the fluxes that varied
    /// between solves count.
    static var parityTries: Int { 128 }
    /// Rules with more parities than this keep only those a side's end cells do not fix
    /// (``WFCInvariants/parities``), and none if those are more than this too: asking for many
    /// parities at once would reject nearly every solve.
    public static var maximumKeptParities: Int { 4 }

    /// Chunks of `chunkWidth × chunkHeight` cells; `options.periodic` and
    /// `options.observationLimit` are ignored (every chunk is solved fully and joins its
    /// neighbours).
    ///
    /// - Parameters:
    ///   - rules: The rules every chunk is solved with.
    ///   - chunkWidth: Columns of each chunk, at least 1.
    ///   - chunkHeight: Rows of each chunk, at least 1.
    ///   - seed: The world's seed; a chunk's own seed derives from it and the chunk's coordinates.
    ///   - options: The solver's heuristic and budgets for each chunk.
    ///   - layout: Chunks in both directions, along x only, or framed by one ring. Default: `.grid`.
    ///   - ground: A pattern forced along every chunk's bottom row and banned elsewhere, such as
    ///     ``OverlappingRules/groundPattern``; needs `layout: .strip`. Default: `nil`.
    ///   - repairBand: The first band width, in cells, of a repair (the outermost of its cells
    ///     stays fixed); later tries double it, and the widest allowed band, `(side − 2) / 2` for
    ///     the smaller chunk side (the width in a strip), is tried last. `nil` picks
    ///     `max(2, side / 8)`; 0 turns repairs off (a failed kind-4 chunk stays failed).
    ///     Default: `nil`.
    ///   - margin: Cells solved beyond every side of a chunk that no neighbour fixes, then
    ///     cropped away, so that the edges a chunk hands to its neighbours can be continued.
    ///     `nil` picks `max(1, side / 8)`; 0 solves chunks at their exact size. Default: `nil`.
    ///   - anchorSpacing: For samples drawn on a lattice (a checkerboard, a maze on a grid of
    ///     walls, bricks): independently solved chunks each pick a phase of the lattice, and
    ///     chunks of different phases cannot meet. With a spacing that is a multiple of the
    ///     lattice's period, every world cell whose coordinates are both multiples of it is
    ///     fixed to one pattern (the top-left pattern of a chunk solved from the seed alone), so
    ///     every chunk takes the same phase. `nil` sets no anchors. Default: `nil`.
    ///   - keepsInvariants: Keep the rules' ``WFCInvariants`` across chunks: every cell is
    ///     limited to the patterns of one component and of the phase its world position gives
    ///     (so all chunks share one lattice phase), and every chunk that is not enclosed is
    ///     re-solved (up to 128 times, from derived seeds) until the flux of every kept parity
    ///     across each of its sides is even, so every enclosed chunk's fixed ring can be filled.
    ///     Rules with neither keep their chunks' bytes. Default: `true`.
    /// - Throws: `.invalidArgument` for an empty size, a ground outside the strip layout, a
    ///   negative band or a spacing below 1; the solver's failure when the anchor chunk has no
    ///   solution; in the framed layout, when the rules have no periodic solution of the chunk's
    ///   size.
    public init(
        rules: Rules, chunkWidth: Int, chunkHeight: Int, seed: Seed, options: WFCOptions = WFCOptions(),
        layout: WFCChunkLayout = .grid, ground: Int? = nil, repairBand: Int? = nil, margin: Int? = nil,
        anchorSpacing: Int? = nil, keepsInvariants: Bool = true
    ) throws {
        var options = options
        options.periodic = false
        options.observationLimit = 0
        solver = try WFCSolver(rules: rules, width: chunkWidth, height: chunkHeight, options: options)
        if ground != nil && layout != .strip {
            throw LoomError(
                .invalidArgument,
                "a ground needs the strip layout: chunks stacked in a grid have no bottom row to hold it")
        }
        if let ground, ground < 0 || ground >= rules.patternCount {
            throw LoomError(.invalidArgument, "ground pattern \(ground) is not in 0..<\(rules.patternCount)")
        }
        let side = layout != .strip ? min(chunkWidth, chunkHeight) : chunkWidth
        let widest = (side - 2) / 2
        // A band of 1 is only the fixed ring, which frees nothing beyond the chunk itself.
        let first = repairBand ?? max(2, side / 8)
        guard first >= 0 else { throw LoomError(.invalidArgument, "repairBand must not be negative, got \(first)") }
        var bands: [Int] = []
        if first > 0 && widest >= 1 {
            var band = min(first, widest)
            while band < widest {
                bands.append(band)
                band *= 2
            }
            bands.append(widest)
        }
        repairBands = layout == .framed ? [] : bands
        let pad = max(0, margin ?? max(1, side / 8))
        self.margin = pad
        marginSolvers = try (0..<4).map { pads in
            try WFCSolver(
                rules: rules, width: chunkWidth + (pads & 1 != 0 ? 2 * pad : 0),
                height: chunkHeight + (pads & 2 != 0 ? 2 * pad : 0), options: options)
        }
        repairSolvers = try repairBands.map { band in
            try WFCSolver(
                rules: rules, width: chunkWidth + 2 * band,
                height: layout != .strip ? chunkHeight + 2 * band : chunkHeight, options: options)
        }
        self.seed = seed
        self.layout = layout
        self.ground = ground
        let invariants = keepsInvariants ? WFCInvariants(rules: rules) : nil
        self.invariants = invariants
        patternsByPhase = invariants.map(Self.patternsByPhase) ?? []
        // Every parity when there are few; else those a side's end cells do not fix, when few.
        let odd = (chunkWidth * chunkHeight) & 1 != 0
        let keepable = [invariants?.allParities ?? [], invariants?.parities ?? []].map { list in
            list.filter { !($0.perCell && odd) }
        }
        keptParities = keepable.first { $0.count <= Self.maximumKeptParities } ?? []
        if let spacing = anchorSpacing {
            guard spacing >= 1 else {
                throw LoomError(.invalidArgument, "anchorSpacing must be at least 1, got \(spacing)")
            }
            var reference = WFCConstraints()
            reference.ground = ground
            reference.fixed = Self.phaseConstraints(
                origin: Point(x: 0, y: 0), width: chunkWidth, height: chunkHeight, invariants: invariants,
                patternsByPhase: patternsByPhase)
            let solved = solver.solve(seed: seed.derive("anchor"), constraints: reference)
            guard let cells = solved.patterns else {
                throw LoomError(.invalidArgument, "no anchor pattern: \(solved.failure ?? "the anchor chunk failed")")
            }
            anchor = (spacing, cells[0, 0])
        } else {
            anchor = nil
        }
        if layout == .framed {
            var periodic = options
            periodic.periodic = true
            let framer = try WFCSolver(rules: rules, width: chunkWidth, height: chunkHeight, options: periodic)
            var constraints = WFCConstraints()
            constraints.fixed =
                Self.phaseConstraints(
                    origin: Point(x: 0, y: 0), width: chunkWidth, height: chunkHeight, invariants: invariants,
                    patternsByPhase: patternsByPhase)
            if let spacing = anchorSpacing, let pattern = anchor?.pattern {
                for y in stride(from: 0, to: chunkHeight, by: spacing) {
                    for x in stride(from: 0, to: chunkWidth, by: spacing) {
                        constraints.fixed.append(.init(x: x, y: y, patterns: [pattern]))
                    }
                }
            }
            let solved = framer.solve(seed: seed.derive("frame"), constraints: constraints)
            guard let cells = solved.patterns else {
                throw LoomError(
                    .invalidArgument,
                    "no frame: the rules have no periodic solution of \(chunkWidth)x\(chunkHeight) cells "
                        + "(\(solved.failure ?? "no solution")); try another chunk size")
            }
            frame = cells
        } else {
            frame = nil
        }
    }

    /// The anchor cells inside the `width × height` region whose top-left world cell is
    /// `origin`, as fixed cells in region coordinates.
    func anchors(origin: Point, width: Int, height: Int) -> [WFCConstraints.Fixed] {
        guard let anchor else { return [] }
        let s = anchor.spacing
        var fixed: [WFCConstraints.Fixed] = []
        var wy = origin.y + (s - floorModulo(origin.y, s)) % s
        while wy < origin.y + height {
            var wx = origin.x + (s - floorModulo(origin.x, s)) % s
            while wx < origin.x + width {
                fixed.append(.init(x: wx - origin.x, y: wy - origin.y, patterns: [anchor.pattern]))
                wx += s
            }
            wy += s
        }
        return fixed
    }

    /// Width of a chunk, in cells.
    public var chunkWidth: Int { solver.width }
    /// Height of a chunk, in cells.
    public var chunkHeight: Int { solver.height }

    /// The chunk at `(cx, cy)`: its cells' patterns, with the attempts and backtracks of its
    /// own solve (and of its repair, for a repaired chunk). In the strip layout only `cy = 0`
    /// exists; any other row gives a failed result.
    public func chunk(_ cx: Int, _ cy: Int) -> WFCResult {
        var memo = WFCChunkMemo()
        return finalChunk(cx, cy, memo: &memo)
    }

    /// Every chunk whose coordinates lie in `rect`, row by row, sharing the work of their common
    /// neighbours. Each result equals what ``chunk(_:_:)`` gives alone, whatever `threads`.
    ///
    /// - Parameters:
    ///   - rect: The chunk coordinates wanted (not cells).
    ///   - threads: Workers solving independent chunks at once (those of one parity kind, then
    ///     the repairs). Default: `Parallel.defaultThreadCount`.
    public func chunks(in rect: Rect, threads: Int = Parallel.defaultThreadCount) -> [WFCResult] {
        var memo = WFCChunkMemo()
        if threads > 1 && rect.width > 0 && rect.height > 0 { prepare(rect, threads: threads, memo: &memo) }
        var results: [WFCResult] = []
        for cy in rect.minY..<rect.maxY {
            for cx in rect.minX..<rect.maxX { results.append(finalChunk(cx, cy, memo: &memo)) }
        }
        return results
    }

    /// Whether `(cx, cy)` is a chunk whose every side is fixed by its neighbours (and so may need
    /// a repair): both coordinates odd in the grid layout, `cx` odd in a strip.
    public func isEnclosed(_ cx: Int, _ cy: Int) -> Bool {
        switch layout {
        case .grid: cx & 1 != 0 && cy & 1 != 0
        case .strip: cx & 1 != 0
        case .framed: false
        }
    }
}

/// Results shared while making several chunks: base solves and repairs, by chunk coordinates.
struct WFCChunkMemo: Sendable {
    var base: [Point: WFCResult] = [:]
    var repairs: [Point: WFCChunkRepair] = [:]
}

/// A repaired region: its cells' patterns, placed at `origin` in world cells, or why it failed.
struct WFCChunkRepair: Sendable {
    var origin: Point
    var patterns: Grid<Int>?
    var attempts: Int
    var backtracks: Int
    var propagationSteps: Int
    var failure: String?
}
