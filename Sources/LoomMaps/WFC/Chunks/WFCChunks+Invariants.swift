import LoomCore

extension WFCChunks {
    /// For each phase of the invariants' lattice, the kept component's patterns of that phase;
    /// empty when a chunk may hold any pattern (one component, one phase).
    static func patternsByPhase(_ invariants: WFCInvariants) -> [[Int]] {
        guard invariants.restrictsPatterns else { return [] }
        var byPhase = [[Int]](repeating: [], count: invariants.phaseCount ?? 1)
        for p in invariants.component { byPhase[invariants.phase(of: invariants.position[p])].append(p) }
        return byPhase
    }

    /// Every cell of the `width × height` region whose top-left world cell is `origin`, limited
    /// to the patterns its world position allows (none when the rules need no limit).
    static func phaseConstraints(
        origin: Point, width: Int, height: Int, invariants: WFCInvariants?, patternsByPhase: [[Int]]
    ) -> [WFCConstraints.Fixed] {
        guard let invariants, !patternsByPhase.isEmpty else { return [] }
        var fixed: [WFCConstraints.Fixed] = []
        fixed.reserveCapacity(width * height)
        for y in 0..<height {
            for x in 0..<width {
                let phase = invariants.phase(of: Point(x: origin.x + x, y: origin.y + y))
                fixed.append(.init(x: x, y: y, patterns: patternsByPhase[phase]))
            }
        }
        return fixed
    }

    func phaseConstraints(origin: Point, width: Int, height: Int) -> [WFCConstraints.Fixed] {
        Self.phaseConstraints(
            origin: origin, width: width, height: height, invariants: invariants, patternsByPhase: patternsByPhase)
    }

    /// The flux of every kept parity across each side of chunk `(cx, cy)`'s `cells` (empty for
    /// an enclosed chunk and in the framed layout); `true` is odd.
    ///
    /// Every chunk that is not enclosed should have all of them even. The four sides of any
    /// filled chunk carry an even total (kept parities with an odd per-cell sum are not kept
    /// for chunks of an odd cell count), so when every chunk solved before the enclosed ones
    /// has four even sides, the ring an enclosed chunk gets is even too, and can be filled.
    func paritySignature(_ cells: Grid<Int>, _ cx: Int, _ cy: Int) -> [Bool] {
        guard !keptParities.isEmpty, !isEnclosed(cx, cy), layout != .framed else { return [] }
        let count = solver.rules.patternCount
        var signature: [Bool] = []
        for d in WFCDirection.allCases where layout == .grid || d.dy == 0 {
            // The side's cells, in this chunk.
            let side: [Point] =
                d.dx != 0
                ? (0..<chunkHeight).map { Point(x: d.dx > 0 ? chunkWidth - 1 : 0, y: $0) }
                : (0..<chunkWidth).map { Point(x: $0, y: d.dy > 0 ? chunkHeight - 1 : 0) }
            for parity in keptParities {
                var flux = false
                for cell in side where parity.flux[d.rawValue * count + cells[cell.x, cell.y]] { flux.toggle() }
                signature.append(flux)
            }
        }
        return signature
    }
}

extension WFCChunks {
    /// A chunk of the framed layout: its outer ring held at the frame's, the inside solved from
    /// the chunk's seed; the frame's own inside when the search finds none, so it never fails.
    func framed(_ cx: Int, _ cy: Int, frame: Grid<Int>) -> WFCResult {
        let w = chunkWidth, h = chunkHeight
        var constraints = WFCConstraints()
        for y in 0..<h {
            for x in 0..<w where x == 0 || y == 0 || x == w - 1 || y == h - 1 {
                constraints.fixed.append(.init(x: x, y: y, patterns: [frame[x, y]]))
            }
        }
        constraints.fixed += anchors(origin: Point(x: cx * w, y: cy * h), width: w, height: h)
        constraints.fixed += phaseConstraints(origin: Point(x: cx * w, y: cy * h), width: w, height: h)
        var result = solver.solve(seed: seed.derive("chunk").derive(cx, cy), constraints: constraints)
        if !result.isSuccess {
            result.patterns = frame
            result.failure = nil
        }
        return result
    }
}
