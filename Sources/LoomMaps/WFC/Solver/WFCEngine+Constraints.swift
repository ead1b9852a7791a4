import LoomCore

/// Constraints compiled to bit masks over the engine's patterns.
struct WFCCompiledConstraints {
    struct Count {
        var mask: [UInt64]
        var minimum: Int
        var maximum: Int
    }

    var counts: [Count] = []
    var connected: [UInt64]?
    var isEmpty: Bool { counts.isEmpty && connected == nil }
}

extension WFCEngine {
    func mask(_ patterns: [Int]) -> [UInt64] {
        var mask = [UInt64](repeating: 0, count: words)
        for t in patterns where t >= 0 && t < T { mask[t >> 6] |= 1 << UInt64(t & 63) }
        return mask
    }

    /// Bans every pattern of `cell` outside `mask`.
    func restrict(_ cell: Int, to mask: [UInt64]) {
        for w in 0..<words {
            var bits = wave[cell * words + w] & ~mask[w]
            while bits != 0 {
                ban(cell, w * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    /// The bans every attempt starts from: patterns that cannot have a neighbour where the grid
    /// has one, fixed cells, the border and the ground. Returns a reason when they contradict.
    func applyStartingBans(_ constraints: WFCConstraints, periodic: Bool) -> String? {
        // Patterns with no allowed neighbour in some direction: usually none, so list them once
        // rather than test every cell, pattern and direction.
        var dead: [(t: Int, d: Int)] = []
        for t in 0..<T {
            for d in 0..<4 where initialSupport[t * 4 + d] == 0 { dead.append((t, d)) }
        }
        if !dead.isEmpty {
            for c in 0..<cellCount {
                for (t, d) in dead where neighbours[c * 4 + d] >= 0 && isPossible(c, t) { ban(c, t) }
            }
        }
        if let ground = constraints.ground {
            guard ground >= 0 && ground < T else { return "ground pattern \(ground) is not in 0..<\(T)" }
            for x in 0..<width {
                restrict((height - 1) * width + x, to: mask([ground]))
                for y in 0..<(height - 1) where isPossible(y * width + x, ground) { ban(y * width + x, ground) }
            }
        }
        if let border = constraints.border, !periodic {
            let allowed = mask(border)
            for y in 0..<height {
                for x in 0..<width where x == 0 || y == 0 || x == width - 1 || y == height - 1 {
                    restrict(y * width + x, to: allowed)
                }
            }
        }
        for fixed in constraints.fixed {
            guard fixed.x >= 0, fixed.y >= 0, fixed.x < width, fixed.y < height else {
                return "fixed cell (\(fixed.x), \(fixed.y)) is outside the \(width)x\(height) grid"
            }
            restrict(fixed.y * width + fixed.x, to: mask(fixed.patterns))
        }
        if contradiction { return "the fixed cells, border or ground leave some cell without any pattern" }
        propagate()
        if contradiction { return "the fixed cells, border or ground contradict the adjacency rules" }
        return nil
    }

    func compile(_ constraints: WFCConstraints) -> WFCCompiledConstraints {
        var compiled = WFCCompiledConstraints()
        for count in constraints.counts {
            compiled.counts.append(
                .init(mask: mask(count.patterns), minimum: count.minimum, maximum: count.maximum ?? Int.max))
        }
        compiled.connected = constraints.connected.map { mask($0) }
        return compiled
    }

    @inline(__always)
    private func isCertain(_ cell: Int, _ mask: [UInt64]) -> Bool {
        for w in 0..<words where wave[cell * words + w] & ~mask[w] != 0 { return false }
        return true
    }

    @inline(__always)
    private func isPossible(_ cell: Int, in mask: [UInt64]) -> Bool {
        for w in 0..<words where wave[cell * words + w] & mask[w] != 0 { return true }
        return false
    }

    /// Checks counts and connectivity, banning what they rule out; leaves ``contradiction`` set
    /// when they cannot hold. Returns whether it banned anything.
    func enforce(_ constraints: WFCCompiledConstraints, visited: inout [Bool], queue: inout [Int32]) -> Bool {
        var changed = false
        for bound in constraints.counts {
            var certain = 0, possible = 0
            for c in 0..<cellCount {
                if isCertain(c, bound.mask) { certain += 1 }
                if isPossible(c, in: bound.mask) { possible += 1 }
            }
            if certain > bound.maximum || possible < bound.minimum {
                contradiction = true
                return changed
            }
            if possible > certain && (certain == bound.maximum || possible == bound.minimum) {
                let inverse = bound.mask.map { ~$0 }
                let keep = certain == bound.maximum ? inverse : bound.mask
                for c in 0..<cellCount where isPossible(c, in: bound.mask) && !isCertain(c, bound.mask) {
                    restrict(c, to: keep)
                }
                changed = true
            }
        }
        if let mask = constraints.connected {
            changed = enforceConnectivity(mask, visited: &visited, queue: &queue) || changed
        }
        return changed
    }

    /// Every cell certainly in the class must be reachable from the others through cells that
    /// may still be in it; cells possible but unreachable from the certain ones lose the class.
    private func enforceConnectivity(_ mask: [UInt64], visited: inout [Bool], queue: inout [Int32]) -> Bool {
        guard let first = (0..<cellCount).first(where: { isCertain($0, mask) }) else { return false }
        for c in 0..<cellCount { visited[c] = false }
        queue.removeAll(keepingCapacity: true)
        queue.append(Int32(first))
        visited[first] = true
        var index = 0
        while index < queue.count {
            let c = Int(queue[index])
            index += 1
            for d in 0..<4 {
                let n = Int(neighbours[c * 4 + d])
                if n >= 0 && !visited[n] && isPossible(n, in: mask) {
                    visited[n] = true
                    queue.append(Int32(n))
                }
            }
        }
        var changed = false
        let inverse = mask.map { ~$0 }
        for c in 0..<cellCount where !visited[c] && isPossible(c, in: mask) {
            if isCertain(c, mask) {
                contradiction = true
                return changed
            }
            restrict(c, to: inverse)
            changed = true
        }
        return changed
    }
}
