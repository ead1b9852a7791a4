import LoomCore

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
/// A chunk thus depends on at most eight others, all of lower kind, and never on the order in
/// which a game asks for chunks. Every adjacency across a chunk border obeys the rules.
///
/// Kind-4 chunks have all four edges fixed by chunks that were solved independently, so rules
/// with a global invariant can leave them without a solution: closed pipes with no end caps
/// need an even number of crossings around a chunk, and strongly layered samples (sky above
/// ground, as in `Mountains`) cannot stack two independent chunks. Such a chunk returns a failed
/// result naming the chunk; it never traps. Rules with local freedom (end caps, open mazes, the
/// `Knot`, `Paths` and `Simple Maze` samples) join everywhere.
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

    /// Chunks of `chunkWidth × chunkHeight` cells; `options.periodic` is ignored.
    public init(
        rules: Rules, chunkWidth: Int, chunkHeight: Int, seed: Seed, options: WFCOptions = WFCOptions()
    ) throws {
        var options = options
        options.periodic = false
        solver = try WFCSolver(rules: rules, width: chunkWidth, height: chunkHeight, options: options)
        self.seed = seed
    }

    /// The chunk at `(cx, cy)`: its cells' patterns, with attempts and backtracks of its own solve.
    public func chunk(_ cx: Int, _ cy: Int) -> WFCResult {
        var memo: [Point: WFCResult] = [:]
        return chunk(cx, cy, memo: &memo)
    }

    /// Every chunk whose coordinates lie in `rect`, row by row, sharing the work of their common
    /// neighbours. Each result equals what ``chunk(_:_:)`` gives alone.
    public func chunks(in rect: Rect) -> [WFCResult] {
        var memo: [Point: WFCResult] = [:]
        var results: [WFCResult] = []
        for cy in rect.minY..<rect.maxY {
            for cx in rect.minX..<rect.maxX { results.append(chunk(cx, cy, memo: &memo)) }
        }
        return results
    }

    private func chunk(_ cx: Int, _ cy: Int, memo: inout [Point: WFCResult]) -> WFCResult {
        if let known = memo[Point(x: cx, y: cy)] { return known }
        let oddX = cx & 1 != 0, oddY = cy & 1 != 0
        var neighbours: [(WFCDirection, Int, Int)] = []
        if oddX { neighbours += [(.left, cx - 1, cy), (.right, cx + 1, cy)] }
        if oddY { neighbours += [(.up, cx, cy - 1), (.down, cx, cy + 1)] }
        var constraints = WFCConstraints()
        for (direction, nx, ny) in neighbours {
            let result = chunk(nx, ny, memo: &memo)
            guard let edge = result.patterns else {
                let failed = WFCResult(
                    patterns: nil, attempts: 0, backtracks: 0, propagationSteps: 0,
                    failure: "chunk (\(nx), \(ny)), which chunk (\(cx), \(cy)) joins, has no solution")
                memo[Point(x: cx, y: cy)] = failed
                return failed
            }
            constraints.fixed += edgeConstraints(from: edge, lyingTo: direction)
        }
        let result = solver.solve(seed: seed.derive("chunk").derive(cx, cy), constraints: constraints)
        memo[Point(x: cx, y: cy)] = result
        return result
    }

    /// The cells of this chunk that touch `neighbour` (which lies in `direction`), each limited to
    /// the patterns its neighbour's edge cell allows beside it.
    private func edgeConstraints(from neighbour: Grid<Int>, lyingTo direction: WFCDirection) -> [WFCConstraints.Fixed] {
        let w = solver.width, h = solver.height
        let propagator = solver.rules.propagator
        // A pattern p in the neighbour allows, towards us, `allowed(direction.opposite, of: p)`.
        let toUs = direction.opposite
        var fixed: [WFCConstraints.Fixed] = []
        switch direction {
        case .left, .right:
            let ours = direction == .left ? 0 : w - 1, theirs = direction == .left ? w - 1 : 0
            for y in 0..<h {
                let allowed = propagator.allowed(toUs, of: neighbour[theirs, y]).map { Int($0) }
                fixed.append(.init(x: ours, y: y, patterns: allowed))
            }
        case .up, .down:
            let ours = direction == .up ? 0 : h - 1, theirs = direction == .up ? h - 1 : 0
            for x in 0..<w {
                let allowed = propagator.allowed(toUs, of: neighbour[x, theirs]).map { Int($0) }
                fixed.append(.init(x: x, y: ours, patterns: allowed))
            }
        }
        return fixed
    }
}
