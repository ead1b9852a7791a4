import Foundation
import LoomCore

/// The solver's mutable state: every buffer is allocated once when the engine is made, so the
/// propagation loop never allocates.
///
/// Layout (`T` patterns, `C` cells, `W = ⌈T / 64⌉` words):
/// - `wave`: `C × W` bits, bit `t` of cell `c` set while `t` is still possible there.
/// - `support`: `C × 4 × T` counts; `support[(c * 4 + d) * T + t]` is how many patterns still
///   possible at the neighbour of `c` in direction `d` allow `t` at `c` (AC-4).
/// - `trail`: every ban in order, as `c << 32 | t` (no division to unpack); entries before `head` have had their effect on
///   the neighbours' supports applied. Undoing walks it backwards, which is what makes
///   backtracking and restarts cheap.
final class WFCEngine {
    let T: Int  // number of patterns
    let width: Int
    let height: Int
    let cellCount: Int
    let words: Int  // 64-bit words per cell in `wave`
    let heuristic: WFCHeuristic
    let useCounts: Bool  // AC-4 support counts, or bitset revisions

    let weights: UnsafeMutablePointer<Double>  // (T)
    let weightLogWeights: UnsafeMutablePointer<Double>  // (T)
    let propOffsets: UnsafeMutablePointer<Int32>  // (4 * T + 1)
    let propAllowed: UnsafeMutablePointer<Int32>  // (propagator entries)
    let neighbours: UnsafeMutablePointer<Int32>  // (C * 4), -1 where the grid ends
    let initialSupport: UnsafeMutablePointer<Int16>  // (T * 4)

    let wave: UnsafeMutablePointer<UInt64>  // (C * W)
    // (C * T * 4) counts of 8 bits when every compatibility list is shorter than 128, else 16:
    // the counts are what the propagation loop misses the cache on, so smaller is faster.
    let support: UnsafeMutableRawPointer
    let narrowCounts: Bool
    let count: UnsafeMutablePointer<Int32>  // (C) possible patterns per cell
    let sumW: UnsafeMutablePointer<Double>  // (C)
    let sumWLogW: UnsafeMutablePointer<Double>  // (C)
    let trail: UnsafeMutablePointer<Int>  // (C * T)
    // The counters live in raw memory: stored `var`s of a class pay a dynamic exclusivity
    // check on every access, which dominated the propagation loop.
    let counters: UnsafeMutablePointer<Int>  // trailCount, head, contradiction, steps, dirtyCount, heapCount
    var trailCount: Int {
        get { counters[0] }
        set { counters[0] = newValue }
    }
    var head: Int {
        get { counters[1] }
        set { counters[1] = newValue }
    }
    var contradiction: Bool {
        get { counters[2] != 0 }
        set { counters[2] = newValue ? 1 : 0 }
    }
    var steps: Int {
        get { counters[3] }
        set { counters[3] = newValue }
    }
    var dirtyCount: Int {
        get { counters[4] }
        set { counters[4] = newValue }
    }
    var heapCount: Int {
        get { counters[5] }
        set { counters[5] = newValue }
    }
    var scanPosition: Int {
        get { counters[6] }
        set { counters[6] = newValue }
    }

    // Lazy min-heap of candidate cells for the entropy and MRV heuristics.
    let stamp: UnsafeMutablePointer<UInt32>  // (C) bumped on every change of a cell
    let isDirty: UnsafeMutablePointer<Bool>  // (C)
    let dirtyList: UnsafeMutablePointer<Int32>  // (C)
    let noise: UnsafeMutablePointer<Double>  // (C) seeded tie-break
    let heap: UnsafeMutablePointer<HeapEntry>
    let heapCapacity: Int
    // `log(t)` of every integral total `t` met so far, or -1. With integral weights (pattern
    // counts) every total stays an exact integer, and the same few come back again and again.
    let logs: UnsafeMutablePointer<Double>
    let logCount: Int  // 0 when some weight is not integral

    // Bitset propagation: a FIFO of cells whose domain shrank, and each pattern's allowed
    // neighbours as bits.
    let allowedBits: UnsafeMutablePointer<UInt64>  // (4 * T * W)
    let union: UnsafeMutablePointer<UInt64>  // (W) scratch
    let queue: UnsafeMutablePointer<Int32>  // (C) ring buffer
    let isQueued: UnsafeMutablePointer<Bool>  // (C)
    var queueStart: Int {
        get { counters[7] }
        set { counters[7] = newValue }
    }
    var queueCount: Int {
        get { counters[8] }
        set { counters[8] = newValue }
    }

    init(
        rules: some WFCRules, width: Int, height: Int, periodic: Bool, heuristic: WFCHeuristic,
        propagation: WFCPropagation
    ) {
        T = rules.patternCount
        self.width = width
        self.height = height
        cellCount = width * height
        words = (T + 63) / 64
        self.heuristic = heuristic
        useCounts = propagation == .supportCounts
        let propagator = rules.propagator

        weights = .allocate(capacity: T)
        weightLogWeights = .allocate(capacity: T)
        for (t, w) in rules.weights.enumerated() {
            weights[t] = w
            weightLogWeights[t] = w * PortableMath.log(w)
        }
        propOffsets = .allocate(capacity: propagator.offsets.count)
        propOffsets.initialize(from: propagator.offsets, count: propagator.offsets.count)
        propAllowed = .allocate(capacity: max(1, propagator.allowed.count))
        propAllowed.initialize(from: propagator.allowed, count: propagator.allowed.count)
        initialSupport = .allocate(capacity: T * 4)
        for t in 0..<T {
            for d in 0..<4 {
                initialSupport[t * 4 + d] = Int16(clamping: propOffsets[d * T + t + 1] - propOffsets[d * T + t])
            }
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

        counters = .allocate(capacity: 10)
        counters.initialize(repeating: 0, count: 10)
        allowedBits = .allocate(capacity: 4 * T * words)
        allowedBits.initialize(repeating: 0, count: 4 * T * words)
        for d in 0..<4 {
            for t in 0..<T {
                for k in Int(propOffsets[d * T + t])..<Int(propOffsets[d * T + t + 1]) {
                    let q = Int(propAllowed[k])
                    allowedBits[(d * T + t) * words + (q >> 6)] |= 1 << UInt64(q & 63)
                }
            }
        }
        union = .allocate(capacity: words)
        queue = .allocate(capacity: cellCount)
        isQueued = .allocate(capacity: cellCount)
        isQueued.initialize(repeating: false, count: cellCount)
        wave = .allocate(capacity: cellCount * words)
        var longest = 0
        for t in 0..<(T * 4) { longest = max(longest, Int(initialSupport[t])) }
        narrowCounts = longest < Int(Int8.max)
        support = .allocate(
            byteCount: useCounts ? cellCount * T * 4 * (narrowCounts ? 1 : 2) : 2, alignment: 16)
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
        heap = .allocate(capacity: heapCapacity)
        let totalWeight = rules.weights.reduce(0, +)
        let integral = rules.weights.allSatisfy { $0 == $0.rounded() } && totalWeight < 131_072
        logCount = integral ? Int(totalWeight) + 1 : 0
        logs = .allocate(capacity: max(1, logCount))
        logs.initialize(repeating: -1, count: max(1, logCount))
    }

    deinit {
        for pointer in [weights, weightLogWeights, sumW, sumWLogW, noise, logs] { pointer.deallocate() }
        for pointer in [propOffsets, propAllowed, neighbours, count, dirtyList] { pointer.deallocate() }
        heap.deallocate()
        initialSupport.deallocate()
        support.deallocate()
        wave.deallocate()
        trail.deallocate()
        counters.deallocate()
        allowedBits.deallocate()
        union.deallocate()
        queue.deallocate()
        isQueued.deallocate()
        stamp.deallocate()
        isDirty.deallocate()
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
        }
        if useCounts {
            if narrowCounts {
                resetCounts(support.assumingMemoryBound(to: Int8.self))
            } else {
                resetCounts(support.assumingMemoryBound(to: Int16.self))
            }
        }
        clearQueue()
        trailCount = 0
        head = 0
        contradiction = false
        steps = 0
    }

    private func resetCounts<C: FixedWidthInteger>(_ counts: UnsafeMutablePointer<C>) {
        for t in 0..<T {
            for d in 0..<4 { counts[d * T + t] = C(truncatingIfNeeded: initialSupport[t * 4 + d]) }
        }
        for c in 1..<max(1, cellCount) { (counts + c * T * 4).update(from: counts, count: T * 4) }
    }

    @inline(__always)
    func isPossible(_ cell: Int, _ t: Int) -> Bool {
        wave[cell &* words &+ (t &>> 6)] & (1 &<< UInt64(truncatingIfNeeded: t & 63)) != 0
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
        trail[trailCount] = cell &<< 32 | t
        trailCount += 1
        touch(cell)
        if count[cell] == 0 { contradiction = true }
        if !useCounts && !isQueued[cell] {
            isQueued[cell] = true
            queue[(queueStart + queueCount) % cellCount] = Int32(truncatingIfNeeded: cell)
            queueCount += 1
        }
    }

    func clearQueue() {
        while queueCount > 0 {
            isQueued[Int(queue[queueStart])] = false
            queueStart = (queueStart + 1) % cellCount
            queueCount -= 1
        }
        queueStart = 0
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
