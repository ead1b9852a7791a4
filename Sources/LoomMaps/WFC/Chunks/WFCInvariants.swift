import LoomCore

/// What every map of a rule set keeps whatever choices made it, found from the adjacency rules
/// alone. Solves that never see each other (endless chunks) agree only if they keep the same
/// values, so ``WFCChunks`` fixes them.
///
/// Only *live* patterns count: those that can stand anywhere in an endless map, which is what
/// is left after repeatedly removing every pattern with no live neighbour in some direction.
///
/// - **Component.** Live patterns that can stand side by side, directly or through others, form
///   a component; a connected map uses one. ``component`` is the one with the most patterns
///   (then the greatest weight, then the lowest pattern id).
/// - **Lattice.** Walking from pattern to neighbouring pattern, each step moves one cell, so
///   every pattern gets a position ``position`` up to the *periods*: the loops of such steps
///   that return to the same pattern. When they span only a sublattice of the plane (a
///   checkerboard's periods are the vectors with `x + y` even), a cell's pattern tells its
///   position modulo that lattice, and a map's *phase* — which class its top-left cell holds —
///   is the same everywhere in it. ``phaseCount`` counts the phases.
/// - **Parity.** A flux assigns 0 or 1 to each pattern's four sides, equal on the two sides of
///   every allowed pair of neighbours, with the same sum modulo 2 (``Parity/perCell``) on every
///   pattern: closed pipes are the example. Then any region of a map is crossed, along its
///   border, by a flux whose parity depends only on its cell count; a region whose border is
///   fixed with the wrong parity has no filling at all. The fluxes found are those that can
///   tell maps apart (not the constant ones every map has).
public struct WFCInvariants: Sendable {
    /// The component kept, as a sorted list of live pattern ids.
    public let component: [Int]
    /// Whether the live patterns form more than one component (so a map must pick one).
    public let hasSeveralComponents: Bool
    /// Each pattern's position, relative to the first pattern of the kept component (zero for
    /// patterns outside it).
    public let position: [Point]
    /// The kept component's periods: the lattice spanned by `(a, b)` and `(0, c)`; `a` or `c`
    /// is 0 where the periods do not span that direction.
    public let lattice: (a: Int, b: Int, c: Int)
    /// Parity invariants of the kept component whose flux across a side is not fixed by the
    /// side's two end cells (see ``allParities``).
    public let parities: [Parity]
    /// A basis of every parity invariant of the kept component, other than the constant fluxes
    /// every map has. Overlapping samples have many whose flux across a straight side is fixed
    /// by the side's end cells; ``parities`` leaves those out.
    public let allParities: [Parity]

    /// One flux invariant.
    public struct Parity: Sendable, Hashable {
        /// `flux[d * patternCount + p]`: the flux through side `d` (``WFCDirection`` raw value)
        /// of pattern `p`.
        public var flux: [Bool]
        /// The sum of every pattern's four fluxes, modulo 2.
        public var perCell: Bool
    }

    /// The number of phases a map of the kept component can take: the index of its lattice in
    /// the plane; `nil` when the periods do not span the plane (the sample is layered or has
    /// no repeating loop), which gives no phase to fix.
    public var phaseCount: Int? { lattice.a > 0 && lattice.c > 0 ? lattice.a * lattice.c : nil }

    /// Whether a chunked map must be restricted to keep these invariants: several components,
    /// or more than one phase.
    public var restrictsPatterns: Bool { hasSeveralComponents || (phaseCount ?? 1) > 1 }

    /// The phase class, in `0..<phaseCount`, of a position.
    public func phase(of point: Point) -> Int {
        guard let count = phaseCount else { return 0 }
        let (a, b, c) = lattice
        let k = floorDivide(point.x, a)
        let x = point.x - k * a, y = floorModulo(point.y - k * b, c)
        return (x * c + y) % count
    }

    /// The invariants of `rules`.
    public init(rules: some WFCRules) {
        let propagator = rules.propagator
        let count = rules.patternCount
        let live = Self.livePatterns(propagator)
        // Weighted union-find: `offset[p]` is p's position minus its parent's.
        var parent = Array(0..<count)
        var offset = [Point](repeating: Point(x: 0, y: 0), count: count)
        func find(_ p: Int) -> (root: Int, position: Point) {
            var path: [Int] = []
            var node = p
            while parent[node] != node {
                path.append(node)
                node = parent[node]
            }
            // Compress: walk back from the node nearest the root.
            var total = Point(x: 0, y: 0)
            for q in path.reversed() {
                total = Point(x: total.x + offset[q].x, y: total.y + offset[q].y)
                offset[q] = total
                parent[q] = node
            }
            return (node, p == node ? Point(x: 0, y: 0) : offset[p])
        }
        var periods: [Int: [Point]] = [:]
        for d in [WFCDirection.right, .down] {
            for p in 0..<count where live[p] {
                for q32 in propagator.allowed(d, of: p) {
                    let q = Int(q32)
                    guard live[q] else { continue }
                    let (rp, vp) = find(p), (rq, vq) = find(q)
                    // q stands at p + (dx, dy): v(q) should be v(p) + step.
                    let expected = Point(x: vp.x + d.dx, y: vp.y + d.dy)
                    if rp == rq {
                        periods[rp, default: []].append(Point(x: expected.x - vq.x, y: expected.y - vq.y))
                    } else {
                        // Hang rq under rp so that q lands at `expected`.
                        parent[rq] = rp
                        offset[rq] = Point(x: expected.x - vq.x, y: expected.y - vq.y)
                        periods[rp, default: []] += periods.removeValue(forKey: rq) ?? []
                    }
                }
            }
        }
        var members: [Int: [Int]] = [:]
        for p in 0..<count where live[p] { members[find(p).root, default: []].append(p) }
        let best = members.values.max { x, y in
            if x.count != y.count { return x.count < y.count }
            let wx = x.reduce(0.0) { $0 + rules.weights[$1] }, wy = y.reduce(0.0) { $0 + rules.weights[$1] }
            if wx != wy { return wx < wy }
            return x[0] > y[0]
        }
        let kept = best ?? []
        component = kept
        hasSeveralComponents = members.count > 1
        var positions = [Point](repeating: Point(x: 0, y: 0), count: count)
        var lattice = (a: 0, b: 0, c: 0)
        if let first = kept.first {
            let (root, origin) = find(first)
            for p in kept {
                let v = find(p).position
                positions[p] = Point(x: v.x - origin.x, y: v.y - origin.y)
            }
            for period in periods[root] ?? [] { Self.add(period, to: &lattice) }
        }
        position = positions
        self.lattice = lattice
        allParities = Self.parities(propagator, patterns: kept)
        parities = Self.nonLocal(allParities, propagator, patterns: kept)
    }

    /// Live patterns: those left after removing, until none is left to remove, every pattern
    /// without a live neighbour in some direction.
    static func livePatterns(_ propagator: WFCPropagator) -> [Bool] {
        let count = propagator.patternCount
        var live = [Bool](repeating: true, count: count)
        var changed = true
        while changed {
            changed = false
            for p in 0..<count where live[p] {
                for d in WFCDirection.allCases where !propagator.allowed(d, of: p).contains(where: { live[Int($0)] }) {
                    live[p] = false
                    changed = true
                    break
                }
            }
        }
        return live
    }

    /// Adds a period to a lattice kept in echelon form `(a, b), (0, c)` with `a, c ≥ 0` and
    /// `0 ≤ b < c` when `c > 0`.
    static func add(_ v: Point, to lattice: inout (a: Int, b: Int, c: Int)) {
        var (a, b, c) = lattice
        if v.x == 0 {
            c = gcd(c, abs(v.y))
        } else if a == 0 {
            (a, b) = v.x > 0 ? (v.x, v.y) : (-v.x, -v.y)
        } else {
            // g = s·a + t·x; (a/g)·v − (x/g)·(a, b) lies on the y axis.
            let (g, s, t) = extendedGCD(a, v.x)
            let onAxis = (a / g) * v.y - (v.x / g) * b
            b = s * b + t * v.y
            a = g
            c = gcd(c, abs(onAxis))
        }
        if c > 0 { b = floorModulo(b, c) }
        lattice = (a, b, c)
    }

    /// The flux invariants of the patterns `kept`, without the two every map has (flux 1
    /// through every left and right side, or every top and bottom side).
    static func parities(_ propagator: WFCPropagator, patterns kept: [Int]) -> [Parity] {
        let count = propagator.patternCount
        guard !kept.isEmpty else { return [] }
        var inKept = [Bool](repeating: false, count: count)
        for p in kept { inKept[p] = true }
        // Sides are `d * count + p`; the two sides of an allowed pair must carry the same flux.
        var parent = Array(0..<(4 * count))
        func find(_ s: Int) -> Int {
            var s = s
            while parent[s] != s {
                parent[s] = parent[parent[s]]
                s = parent[s]
            }
            return s
        }
        for d in [WFCDirection.right, .down] {
            for p in kept {
                for q in propagator.allowed(d, of: p) where inKept[Int(q)] {
                    let a = find(d.rawValue * count + p), b = find(d.opposite.rawValue * count + Int(q))
                    if a != b { parent[b] = a }
                }
            }
        }
        // Columns: one per class of sides, then the per-cell sum.
        var column: [Int: Int] = [:]
        for d in 0..<4 {
            for p in kept where column[find(d * count + p)] == nil { column[find(d * count + p)] = column.count }
        }
        let classes = column.count
        // Each pattern: its four sides' fluxes plus the per-cell sum add to 0 modulo 2.
        var equations = GF2Echelon(columns: classes + 1)
        for p in kept {
            _ = equations.insert(equations.vector((0..<4).map { column[find($0 * count + p)]! } + [classes]))
        }
        // Reduce the solutions against the constant fluxes, keeping what is independent of them.
        var horizontal = Set<Int>(), vertical = Set<Int>()
        for p in kept {
            for d in WFCDirection.allCases {
                let side = column[find(d.rawValue * count + p)]!
                if d.dx != 0 { horizontal.insert(side) } else { vertical.insert(side) }
            }
        }
        var span = GF2Echelon(columns: classes + 1)
        _ = span.insert(span.vector(Array(horizontal)))
        _ = span.insert(span.vector(Array(vertical)))
        var found: [Parity] = []
        for v in equations.nullSpace() where span.insert(v) {
            var flux = [Bool](repeating: false, count: 4 * count)
            for d in 0..<4 {
                for p in kept { flux[d * count + p] = GF2Echelon.bit(v, column[find(d * count + p)]!) }
            }
            found.append(Parity(flux: flux, perCell: GF2Echelon.bit(v, classes)))
        }
        return found
    }

    /// The parities of `found` (as a basis of what they span, modulo those fixed at the ends of
    /// a side) whose flux across a straight side is not fixed by the side's two end cells.
    ///
    /// Along a side, cells stand in a row of allowed neighbours. A flux whose sum over any such
    /// row depends only on the row's first and last cells (and its length) is *local*: it is
    /// `π(p) + π(q) + k` for every pair `p, q` of neighbours along the row. Overlapping samples
    /// have many such fluxes; no solve can change them, so only the others are kept.
    static func nonLocal(_ found: [Parity], _ propagator: WFCPropagator, patterns kept: [Int]) -> [Parity] {
        let n = found.count, count = propagator.patternCount
        guard n > 0 else { return [] }
        var inKept = [Bool](repeating: false, count: count)
        for p in kept { inKept[p] = true }
        // Unknowns: the coefficient of each parity in a combination, then `k` for each direction.
        var equations = GF2Echelon(columns: n + 4)
        for d in WFCDirection.allCases {
            let along: WFCDirection = d.dx != 0 ? .down : .right
            let k = equations.vector([n + d.rawValue])
            let flux = (0..<count).map { p in
                equations.vector((0..<n).filter { found[$0].flux[d.rawValue * count + p] })
            }
            // π along a spanning forest, as a combination of the unknowns; every other pair of
            // neighbours gives an equation.
            var potential = [[UInt64]?](repeating: nil, count: count)
            for root in kept where potential[root] == nil {
                potential[root] = equations.vector([])
                var stack = [root]
                while let p = stack.popLast() {
                    let here = potential[p]!
                    let steps =
                        propagator.allowed(along, of: p).map { (Int($0), p) }
                        + propagator.allowed(along.opposite, of: p).map { (Int($0), Int($0)) }
                    for (q, source) in steps where inKept[q] {
                        let there = GF2Echelon.xor(GF2Echelon.xor(here, flux[source]), k)
                        if let known = potential[q] {
                            _ = equations.insert(GF2Echelon.xor(known, there))
                        } else {
                            potential[q] = there
                            stack.append(q)
                        }
                    }
                }
            }
        }
        // Combinations local in every direction, and a basis of what they leave.
        var local = GF2Echelon(columns: n)
        for v in equations.nullSpace() {
            _ = local.insert(local.vector((0..<n).filter { GF2Echelon.bit(v, $0) }))
        }
        return (0..<n).filter { local.insert(local.vector([$0])) }.map { found[$0] }
    }
}

/// The greatest common divisor of two non-negative integers (`gcd(0, 0) = 0`).
func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
}

/// `(g, s, t)` with `g = gcd(|a|, |b|) = s·a + t·b`.
func extendedGCD(_ a: Int, _ b: Int) -> (Int, Int, Int) {
    var (r0, r1, s0, s1, t0, t1) = (a, b, 1, 0, 0, 1)
    while r1 != 0 {
        let q = r0 / r1
        (r0, r1) = (r1, r0 - q * r1)
        (s0, s1) = (s1, s0 - q * s1)
        (t0, t1) = (t1, t0 - q * t1)
    }
    return r0 < 0 ? (-r0, -s0, -t0) : (r0, s0, t0)
}
