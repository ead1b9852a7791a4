import Foundation
import LoomCore

/// The solver's mutable state: every buffer is allocated once when the engine is made, so the
/// propagation loop never allocates.
///
/// Layout (`T` patterns, `C` cells, `W = ⌈T / 64⌉` words):
/// - `wave`: `C × W` bits, bit `t` of cell `c` set while `t` is still possible there.
/// - `support`: `C × T × 4` counts; `support[(c * T + t) * 4 + d]` is how many patterns still
///   possible at the neighbour of `c` in direction `d` allow `t` at `c` (AC-4).
/// - `trail`: every ban in order, as `c * T + t`; entries before `head` have had their effect on
///   the neighbours' supports applied. Undoing walks it backwards, which is what makes
///   backtracking and restarts cheap.
final class WFCEngine {
    let T: Int  // number of patterns
    let width: Int
    let height: Int
    let cellCount: Int
    let words: Int  // 64-bit words per cell in `wave`
    let heuristic: WFCHeuristic

    let weights: UnsafeMutablePointer<Double>  // (T)
    let weightLogWeights: UnsafeMutablePointer<Double>  // (T)
    let propOffsets: UnsafeMutablePointer<Int32>  // (4 * T + 1)
    let propAllowed: UnsafeMutablePointer<Int32>  // (propagator entries)
    let neighbours: UnsafeMutablePointer<Int32>  // (C * 4), -1 where the grid ends
    let initialSupport: UnsafeMutablePointer<Int32>  // (T * 4)

    let wave: UnsafeMutablePointer<UInt64>  // (C * W)
    let support: UnsafeMutablePointer<Int32>  // (C * T * 4)
    let count: UnsafeMutablePointer<Int32>  // (C) possible patterns per cell
    let sumW: UnsafeMutablePointer<Double>  // (C)
    let sumWLogW: UnsafeMutablePointer<Double>  // (C)
    let trail: UnsafeMutablePointer<Int>  // (C * T)
    var trailCount = 0
    var head = 0
    var contradiction = false
    var steps = 0

    // Lazy min-heap of candidate cells for the entropy and MRV heuristics.
    let stamp: UnsafeMutablePointer<UInt32>  // (C) bumped on every change of a cell
    let isDirty: UnsafeMutablePointer<Bool>  // (C)
    let dirtyList: UnsafeMutablePointer<Int32>  // (C)
    var dirtyCount = 0
    let noise: UnsafeMutablePointer<Double>  // (C) seeded tie-break
    let heapKeys: UnsafeMutablePointer<Double>
    let heapCells: UnsafeMutablePointer<Int32>
    let heapStamps: UnsafeMutablePointer<UInt32>
    let heapCapacity: Int
    var heapCount = 0
    var scanPosition = 0

    init(rules: some WFCRules, width: Int, height: Int, periodic: Bool, heuristic: WFCHeuristic) {
        T = rules.patternCount
        self.width = width
        self.height = height
        cellCount = width * height
        words = (T + 63) / 64
        self.heuristic = heuristic
        let propagator = rules.propagator

        weights = .allocate(capacity: T)
        weightLogWeights = .allocate(capacity: T)
        for (t, w) in rules.weights.enumerated() {
            weights[t] = w
            weightLogWeights[t] = w * Foundation.log(w)
        }
        propOffsets = .allocate(capacity: propagator.offsets.count)
        propOffsets.initialize(from: propagator.offsets, count: propagator.offsets.count)
        propAllowed = .allocate(capacity: max(1, propagator.allowed.count))
        propAllowed.initialize(from: propagator.allowed, count: propagator.allowed.count)
        initialSupport = .allocate(capacity: T * 4)
        for t in 0..<T {
            for d in 0..<4 { initialSupport[t * 4 + d] = propOffsets[d * T + t + 1] - propOffsets[d * T + t] }
        }
        neighbours = .allocate(capacity: cellCount * 4)
        for y in 0..<height {
            for x in 0..<width {
                for direction in WFCDirection.allCases {
                    var nx = x + direction.dx, ny = y + direction.dy
                    if periodic {
                        nx = (nx + width) % width
                        ny = (ny + height) % height
                    }
                    let inside = nx >= 0 && ny >= 0 && nx < width && ny < height
                    neighbours[(y * width + x) * 4 + direction.rawValue] = inside ? Int32(ny * width + nx) : -1
                }
            }
        }

        wave = .allocate(capacity: cellCount * words)
        support = .allocate(capacity: cellCount * T * 4)
        count = .allocate(capacity: cellCount)
        sumW = .allocate(capacity: cellCount)
        sumWLogW = .allocate(capacity: cellCount)
        trail = .allocate(capacity: cellCount * T)
        stamp = .allocate(capacity: cellCount)
        stamp.initialize(repeating: 0, count: cellCount)
        isDirty = .allocate(capacity: cellCount)
        isDirty.initialize(repeating: false, count: cellCount)
        dirtyList = .allocate(capacity: cellCount)
        noise = .allocate(capacity: cellCount)
        noise.initialize(repeating: 0, count: cellCount)
        heapCapacity = 4 * cellCount + 16
        heapKeys = .allocate(capacity: heapCapacity)
        heapCells = .allocate(capacity: heapCapacity)
        heapStamps = .allocate(capacity: heapCapacity)
    }

    deinit {
        for pointer in [weights, weightLogWeights, sumW, sumWLogW, noise, heapKeys] { pointer.deallocate() }
        for pointer in [propOffsets, propAllowed, neighbours, initialSupport, support, count, dirtyList, heapCells] {
            pointer.deallocate()
        }
        wave.deallocate()
        trail.deallocate()
        stamp.deallocate()
        isDirty.deallocate()
        heapStamps.deallocate()
    }

    /// Every pattern possible everywhere, nothing banned yet.
    func reset() {
        var totalW = 0.0, totalWLogW = 0.0
        for t in 0..<T {
            totalW += weights[t]
            totalWLogW += weightLogWeights[t]
        }
        let lastBits = T - (words - 1) * 64
        let lastWord: UInt64 = lastBits == 64 ? ~0 : (1 << UInt64(lastBits)) - 1
        for c in 0..<cellCount {
            let base = c * words
            for w in 0..<(words - 1) { wave[base + w] = ~0 }
            wave[base + words - 1] = lastWord
            count[c] = Int32(T)
            sumW[c] = totalW
            sumWLogW[c] = totalWLogW
            (support + c * T * 4).update(from: initialSupport, count: T * 4)
        }
        trailCount = 0
        head = 0
        contradiction = false
        steps = 0
    }

    @inline(__always)
    func isPossible(_ cell: Int, _ t: Int) -> Bool {
        wave[cell * words + (t >> 6)] & (1 << UInt64(t & 63)) != 0
    }

    @inline(__always)
    func touch(_ cell: Int) {
        stamp[cell] &+= 1
        if !isDirty[cell] {
            isDirty[cell] = true
            dirtyList[dirtyCount] = Int32(truncatingIfNeeded: cell)
            dirtyCount += 1
        }
    }

    /// Removes pattern `t` from `cell`; its effect on the neighbours waits for ``propagate()``.
    @inline(__always)
    func ban(_ cell: Int, _ t: Int) {
        wave[cell * words + (t >> 6)] &= ~(1 << UInt64(t & 63))
        count[cell] -= 1
        sumW[cell] -= weights[t]
        sumWLogW[cell] -= weightLogWeights[t]
        trail[trailCount] = cell * T + t
        trailCount += 1
        touch(cell)
        if count[cell] == 0 { contradiction = true }
    }

    /// Applies every pending ban to the neighbours' supports, banning what loses its last
    /// support, until nothing is pending or a cell has no pattern left.
    func propagate() {
        while head < trailCount && !contradiction {
            let packed = trail[head]
            head += 1
            steps += 1
            let cell = packed / T, t = packed - (packed / T) * T
            for d in 0..<4 {
                let n = Int(neighbours[cell * 4 + d])
                if n < 0 { continue }
                let od = (d + 2) & 3
                let start = Int(propOffsets[d * T + t]), end = Int(propOffsets[d * T + t + 1])
                let base = n * T
                for k in start..<end {
                    let q = Int(propAllowed[k])
                    let slot = (base + q) * 4 + od
                    let remaining = support[slot] - 1
                    support[slot] = remaining
                    if remaining == 0 && isPossible(n, q) { ban(n, q) }
                }
            }
        }
    }

    /// Restores the state to when the trail held `mark` entries.
    func undo(to mark: Int) {
        var k = trailCount - 1
        while k >= mark {
            let packed = trail[k]
            let cell = packed / T, t = packed - (packed / T) * T
            if k < head {
                for d in 0..<4 {
                    let n = Int(neighbours[cell * 4 + d])
                    if n < 0 { continue }
                    let od = (d + 2) & 3
                    let start = Int(propOffsets[d * T + t]), end = Int(propOffsets[d * T + t + 1])
                    let base = n * T
                    for j in start..<end { support[(base + Int(propAllowed[j])) * 4 + od] += 1 }
                }
            }
            wave[cell * words + (t >> 6)] |= 1 << UInt64(t & 63)
            count[cell] += 1
            sumW[cell] += weights[t]
            sumWLogW[cell] += weightLogWeights[t]
            touch(cell)
            k -= 1
        }
        trailCount = mark
        head = min(head, mark)
        contradiction = false
        scanPosition = 0
    }

    /// The lowest possible pattern of a cell (its pattern once the cell is decided).
    func firstPossible(_ cell: Int) -> Int {
        for w in 0..<words {
            let bits = wave[cell * words + w]
            if bits != 0 { return w * 64 + bits.trailingZeroBitCount }
        }
        return -1
    }
}
