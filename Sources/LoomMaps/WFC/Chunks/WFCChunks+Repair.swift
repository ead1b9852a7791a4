import LoomCore

extension WFCChunks {
    /// A chunk's final cells: its base solve (or, for an enclosed chunk whose base failed, its
    /// repair) overwritten where the repairs of enclosed neighbours reach into it.
    func finalChunk(_ cx: Int, _ cy: Int, memo: inout WFCChunkMemo) -> WFCResult {
        if layout == .strip && cy != 0 {
            return failed("chunk (\(cx), \(cy)) does not exist: a strip has only row 0")
        }
        var result = base(cx, cy, memo: &memo)
        let w = chunkWidth, h = chunkHeight
        if isEnclosed(cx, cy) {
            guard !result.isSuccess else { return result }
            let repair = self.repair(cx, cy, memo: &memo)
            guard let region = repair.patterns else {
                return WFCResult(
                    patterns: nil, attempts: result.attempts + repair.attempts,
                    backtracks: result.backtracks + repair.backtracks,
                    propagationSteps: result.propagationSteps + repair.propagationSteps,
                    failure: repair.failure ?? result.failure)
            }
            let ox = cx * w - repair.origin.x, oy = cy * h - repair.origin.y
            return WFCResult(
                patterns: Grid(width: w, height: h) { x, y in region[ox + x, oy + y] },
                attempts: result.attempts + repair.attempts, backtracks: result.backtracks + repair.backtracks,
                propagationSteps: result.propagationSteps + repair.propagationSteps, failure: nil)
        }
        guard var cells = result.patterns else { return result }
        for dy in -1...1 {
            for dx in -1...1 where (dx != 0 || dy != 0) && (layout == .grid || dy == 0) {
                let nx = cx + dx, ny = cy + dy
                guard isEnclosed(nx, ny), !base(nx, ny, memo: &memo).isSuccess else { continue }
                let repair = self.repair(nx, ny, memo: &memo)
                guard let region = repair.patterns else { continue }
                // Copy the part of the repaired region (without its fixed ring, which equals
                // the base cells anyway) that lies in this chunk.
                let minX = max(cx * w, repair.origin.x), maxX = min((cx + 1) * w, repair.origin.x + region.width)
                let minY = max(cy * h, repair.origin.y), maxY = min((cy + 1) * h, repair.origin.y + region.height)
                guard minX < maxX, minY < maxY else { continue }
                for y in minY..<maxY {
                    for x in minX..<maxX {
                        cells[x - cx * w, y - cy * h] = region[x - repair.origin.x, y - repair.origin.y]
                    }
                }
            }
        }
        result.patterns = cells
        return result
    }

    /// The chunk's own solve, with the edges of the neighbours it depends on fixed.
    func base(_ cx: Int, _ cy: Int, memo: inout WFCChunkMemo) -> WFCResult {
        if let known = memo.base[Point(x: cx, y: cy)] { return known }
        if let frame {
            let result = framed(cx, cy, frame: frame)
            memo.base[Point(x: cx, y: cy)] = result
            return result
        }
        let oddX = cx & 1 != 0, oddY = layout == .grid && cy & 1 != 0
        var neighbours: [(WFCDirection, Int, Int)] = []
        if oddX { neighbours += [(.left, cx - 1, cy), (.right, cx + 1, cy)] }
        if oddY { neighbours += [(.up, cx, cy - 1), (.down, cx, cy + 1)] }
        // Free sides are solved `margin` cells further out and cropped, so the chunk's edge
        // cells have a valid continuation outwards: an edge solved with nothing beyond it is
        // often one no neighbour can continue.
        let padX = oddX ? 0 : margin, padY = oddY || layout == .strip ? 0 : margin
        let solver = marginSolvers[(oddX ? 0 : 1) + (padY == 0 ? 0 : 2)]
        var constraints = WFCConstraints()
        constraints.ground = ground
        for (direction, nx, ny) in neighbours {
            let result = base(nx, ny, memo: &memo)
            guard let edge = result.patterns else {
                let failed = failed("chunk (\(nx), \(ny)), which chunk (\(cx), \(cy)) joins, has no solution")
                memo.base[Point(x: cx, y: cy)] = failed
                return failed
            }
            constraints.fixed += edgeConstraints(from: edge, lyingTo: direction, offset: Point(x: padX, y: padY))
        }
        let origin = Point(x: cx * chunkWidth - padX, y: cy * chunkHeight - padY)
        constraints.fixed += anchors(origin: origin, width: solver.width, height: solver.height)
        constraints.fixed += phaseConstraints(origin: origin, width: solver.width, height: solver.height)
        let solveCropped = { (seed: Seed) -> WFCResult in
            var result = solver.solve(seed: seed, constraints: constraints)
            if let padded = result.patterns, padX > 0 || padY > 0 {
                result.patterns = padded.cropped(
                    to: Rect(x: padX, y: padY, width: self.chunkWidth, height: self.chunkHeight))
            }
            return result
        }
        let chunkSeed = seed.derive("chunk").derive(cx, cy)
        var result = solveCropped(chunkSeed)
        let first = result.patterns.map { paritySignature($0, cx, cy) } ?? []
        if first.contains(true) {
            // A side an enclosed chunk shares must cross every kept parity evenly, or the
            // enclosed chunk's ring has no filling; other solves cross them differently.
            var attempts = result.attempts, backtracks = result.backtracks, steps = result.propagationSteps
            var kept: WFCResult?
            // A flux that every solve crosses alike (the rules or the fixed edges force it)
            // is not worth the tries: after a probe, only the fluxes that varied must be even.
            var varied = [Bool](repeating: false, count: first.count)
            let probe = Self.parityTries / 8
            for retry in 1..<Self.parityTries {
                if retry == probe {
                    guard varied.contains(true) else { break }
                    if !zip(first, varied).contains(where: { $0 && $1 }) {
                        kept = result
                        break
                    }
                }
                let next = solveCropped(chunkSeed.derive("parity").derive(retry, 0))
                attempts += next.attempts
                backtracks += next.backtracks
                steps += next.propagationSteps
                guard let cells = next.patterns else { continue }
                let signature = paritySignature(cells, cx, cy)
                for i in signature.indices where signature[i] != first[i] { varied[i] = true }
                let odd = retry < probe ? signature : zip(signature, varied).map { $0 && $1 }
                if !odd.contains(true) {
                    kept = next
                    break
                }
            }
            result = kept ?? result
            result.attempts = attempts
            result.backtracks = backtracks
            result.propagationSteps = steps
        }
        if !result.isSuccess && !neighbours.isEmpty {
            result.failure =
                "chunk (\(cx), \(cy)) has no solution between its neighbours' edges: "
                + (result.failure ?? "")
        }
        memo.base[Point(x: cx, y: cy)] = result
        return result
    }

    /// Re-solves an enclosed chunk with a band into its neighbours, widening the band on failure.
    func repair(_ cx: Int, _ cy: Int, memo: inout WFCChunkMemo) -> WFCChunkRepair {
        if let known = memo.repairs[Point(x: cx, y: cy)] { return known }
        let w = chunkWidth, h = chunkHeight
        var outcome = WFCChunkRepair(
            origin: Point(x: cx * w, y: cy * h), patterns: nil, attempts: 0, backtracks: 0, propagationSteps: 0,
            failure: nil)
        if repairBands.isEmpty {
            outcome.failure = base(cx, cy, memo: &memo).failure
        }
        for (band, solver) in zip(repairBands, repairSolvers) {
            let origin = Point(x: cx * w - band, y: layout == .grid ? cy * h - band : 0)
            var constraints = WFCConstraints()
            constraints.ground = ground
            var missing: Point?
            for y in 0..<solver.height {
                for x in 0..<solver.width {
                    let onRing =
                        x == 0 || x == solver.width - 1 || (layout == .grid && (y == 0 || y == solver.height - 1))
                    guard onRing else { continue }
                    let wx = origin.x + x, wy = origin.y + y
                    let owner = Point(x: floorDivide(wx, w), y: floorDivide(wy, h))
                    guard let cells = base(owner.x, owner.y, memo: &memo).patterns else {
                        missing = owner
                        break
                    }
                    constraints.fixed.append(.init(x: x, y: y, patterns: [cells[wx - owner.x * w, wy - owner.y * h]]))
                }
                if missing != nil { break }
            }
            if let missing {
                outcome.failure =
                    "chunk (\(missing.x), \(missing.y)), which chunk (\(cx), \(cy)) joins, has no solution"
                break
            }
            // Anchors inside the ring (those on it are already fixed by their chunks).
            constraints.fixed += anchors(origin: origin, width: solver.width, height: solver.height).filter {
                $0.x > 0 && $0.x < solver.width - 1 && (layout != .grid || ($0.y > 0 && $0.y < solver.height - 1))
            }
            constraints.fixed += phaseConstraints(origin: origin, width: solver.width, height: solver.height)
            let result = solver.solve(seed: seed.derive("repair").derive(cx, cy, band), constraints: constraints)
            outcome.attempts += result.attempts
            outcome.backtracks += result.backtracks
            outcome.propagationSteps += result.propagationSteps
            if let patterns = result.patterns {
                outcome.origin = origin
                outcome.patterns = patterns
                outcome.failure = nil
                break
            }
            outcome.failure =
                "chunk (\(cx), \(cy)) cannot join its neighbours, even re-solved with bands of "
                + "\(repairBands.prefix { $0 <= band }.map(String.init).joined(separator: ", ")) cells into them "
                + "(the rules may keep an invariant other than the parities and lattice phase kept): \(result.failure ?? "")"
        }
        memo.repairs[Point(x: cx, y: cy)] = outcome
        return outcome
    }

    /// The cells of this chunk that touch `neighbour` (which lies in `direction`), each limited to
    /// the patterns its neighbour's edge cell allows beside it.
    func edgeConstraints(
        from neighbour: Grid<Int>, lyingTo direction: WFCDirection, offset: Point
    ) -> [WFCConstraints.Fixed] {
        let w = chunkWidth, h = chunkHeight
        let propagator = solver.rules.propagator
        // A pattern p in the neighbour allows, towards us, `allowed(direction.opposite, of: p)`.
        let toUs = direction.opposite
        var fixed: [WFCConstraints.Fixed] = []
        switch direction {
        case .left, .right:
            let ours = direction == .left ? 0 : w - 1, theirs = direction == .left ? w - 1 : 0
            for y in 0..<h {
                let allowed = propagator.allowed(toUs, of: neighbour[theirs, y]).map { Int($0) }
                fixed.append(.init(x: offset.x + ours, y: offset.y + y, patterns: allowed))
            }
        case .up, .down:
            let ours = direction == .up ? 0 : h - 1, theirs = direction == .up ? h - 1 : 0
            for x in 0..<w {
                let allowed = propagator.allowed(toUs, of: neighbour[x, theirs]).map { Int($0) }
                fixed.append(.init(x: offset.x + x, y: offset.y + ours, patterns: allowed))
            }
        }
        return fixed
    }

    func failed(_ reason: String) -> WFCResult {
        WFCResult(patterns: nil, attempts: 0, backtracks: 0, propagationSteps: 0, failure: reason)
    }
}

/// `a / b` rounded towards minus infinity, for chunk coordinates of negative cells.
@inline(__always)
func floorDivide(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// `a` modulo `b` (positive `b`) in `0..<b`, for negative `a` too.
func floorModulo(_ a: Int, _ b: Int) -> Int { a - floorDivide(a, b) * b }
