import Foundation
import LoomCore

extension WFCEngine {
    /// Applies every pending ban to the neighbours' supports, banning what loses its last
    /// support, until nothing is pending or a cell has no pattern left.
    func propagate() {
        if !useCounts {
            propagateBitsets()
        } else if narrowCounts {
            propagateCounts(support.assumingMemoryBound(to: Int8.self))
        } else {
            propagateCounts(support.assumingMemoryBound(to: Int16.self))
        }
    }

    private func propagateCounts<C: FixedWidthInteger>(_ support: UnsafeMutablePointer<C>) {
        // Everything the loop reads is copied into locals and the counters are kept in locals,
        // then stored back: the buffers are all raw pointers that may alias one another as far as
        // the compiler knows, so it would otherwise reload every field and counter after each
        // store. Wrapping arithmetic: every index here is in range by construction, and the
        // overflow checks cost a fifth of the loop.
        let T = self.T, words = self.words
        let neighbours = self.neighbours, propOffsets = self.propOffsets, propAllowed = self.propAllowed
        let wave = self.wave, count = self.count, sumW = self.sumW, sumWLogW = self.sumWLogW
        let weights = self.weights, weightLogWeights = self.weightLogWeights
        let trail = self.trail, stamp = self.stamp, isDirty = self.isDirty, dirtyList = self.dirtyList
        var head = self.head, trailCount = self.trailCount, steps = self.steps, dirtyCount = self.dirtyCount
        var contradiction = self.contradiction
        // The four directions spelled out, so that each one's offsets are constants.
        @inline(__always)
        func visit(_ cell: Int, _ t: Int, _ d: Int) {
            let n = Int(truncatingIfNeeded: neighbours[cell &* 4 &+ d])
            if n < 0 { return }
            let counts = support + ((n &<< 2 | (d &+ 2) & 3) &* T)
            let start = Int(truncatingIfNeeded: propOffsets[d &* T &+ t])
            let end = Int(truncatingIfNeeded: propOffsets[d &* T &+ t &+ 1])
            var k = start
            while k < end {
                let q = Int(truncatingIfNeeded: propAllowed[k])
                k &+= 1
                let remaining = counts[q] &- 1
                counts[q] = remaining
                if remaining != 0 { continue }
                let word = wave + (n &* words &+ q &>> 6)
                let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: q & 63)
                if word.pointee & bit == 0 { continue }
                // ``ban(_:_:)``, on the local counters.
                word.pointee &= ~bit
                let left = count[n] &- 1
                count[n] = left
                sumW[n] -= weights[q]
                sumWLogW[n] -= weightLogWeights[q]
                trail[trailCount] = n &<< 32 | q
                trailCount &+= 1
                stamp[n] &+= 1
                if !isDirty[n] {
                    isDirty[n] = true
                    dirtyList[dirtyCount] = Int32(truncatingIfNeeded: n)
                    dirtyCount &+= 1
                }
                if left == 0 { contradiction = true }
            }
        }
        while head < trailCount && !contradiction {
            let packed = trail[head]
            head &+= 1
            steps &+= 1
            let cell = packed &>> 32
            let t = packed & 0xFFFF_FFFF
            visit(cell, t, 0)
            visit(cell, t, 1)
            visit(cell, t, 2)
            visit(cell, t, 3)
        }
        self.head = head
        self.trailCount = trailCount
        self.steps = steps
        self.dirtyCount = dirtyCount
        self.contradiction = contradiction
    }

    /// Bitset arc consistency: a neighbour of a changed cell keeps only the patterns allowed by
    /// some pattern still possible in the cell. Reaches the same domains as the counting
    /// propagation, while reading only the wave and the small `allowedBits` table, which stay
    /// in cache.
    func propagateBitsets() {
        while queueCount > 0 && !contradiction {
            let cell = Int(queue[queueStart])
            queueStart = queueStart + 1 == cellCount ? 0 : queueStart + 1
            queueCount -= 1
            isQueued[cell] = false
            let domain = wave + cell * words
            for d in 0..<4 {
                let n = Int(neighbours[cell * 4 + d])
                if n < 0 { continue }
                steps += 1
                let target = wave + n * words
                union.update(repeating: 0, count: words)
                var covered = false
                var sinceCheck = 0
                // The union of what the cell's patterns allow; stop early once it covers the
                // neighbour's whole domain, which is the common case while domains are large.
                scan: for w in 0..<words {
                    var bits = domain[w]
                    while bits != 0 {
                        let t = w * 64 + bits.trailingZeroBitCount
                        bits &= bits - 1
                        let row = allowedBits + (d * T + t) * words
                        for v in 0..<words { union[v] |= row[v] }
                        sinceCheck += 1
                        if sinceCheck == 4 {
                            sinceCheck = 0
                            covered = true
                            for v in 0..<words where target[v] & ~union[v] != 0 {
                                covered = false
                                break
                            }
                            if covered { break scan }
                        }
                    }
                }
                if covered { continue }
                for v in 0..<words {
                    var removed = target[v] & ~union[v]
                    while removed != 0 {
                        ban(n, v * 64 + removed.trailingZeroBitCount)
                        removed &= removed - 1
                    }
                }
            }
        }
        if contradiction { clearQueue() }
        head = trailCount
    }

    /// Restores the state to when the trail held `mark` entries.
    func undo(to mark: Int) {
        if useCounts && narrowCounts {
            undo(to: mark, counts: support.assumingMemoryBound(to: Int8.self))
        } else {
            undo(to: mark, counts: support.assumingMemoryBound(to: Int16.self))
        }
    }

    private func undo<C: FixedWidthInteger>(to mark: Int, counts support: UnsafeMutablePointer<C>) {
        // Locals and wrapping arithmetic, as in ``propagateCounts(_:)``: backtracking undoes
        // thousands of bans at a time.
        let T = self.T, words = self.words, useCounts = self.useCounts, head = self.head
        let neighbours = self.neighbours, propOffsets = self.propOffsets, propAllowed = self.propAllowed
        let wave = self.wave, count = self.count, sumW = self.sumW, sumWLogW = self.sumWLogW
        let weights = self.weights, weightLogWeights = self.weightLogWeights
        let trail = self.trail, stamp = self.stamp, isDirty = self.isDirty, dirtyList = self.dirtyList
        var dirtyCount = self.dirtyCount
        var k = trailCount &- 1
        while k >= mark {
            let packed = trail[k]
            let cell = packed &>> 32, t = packed & 0xFFFF_FFFF
            if useCounts && k < head {
                for d in 0..<4 {
                    let n = Int(truncatingIfNeeded: neighbours[cell &* 4 &+ d])
                    if n < 0 { continue }
                    let counts = support + ((n &<< 2 | (d &+ 2) & 3) &* T)
                    var j = Int(truncatingIfNeeded: propOffsets[d &* T &+ t])
                    let end = Int(truncatingIfNeeded: propOffsets[d &* T &+ t &+ 1])
                    while j < end {
                        counts[Int(truncatingIfNeeded: propAllowed[j])] &+= 1
                        j &+= 1
                    }
                }
            }
            wave[cell &* words &+ t &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: t & 63)
            count[cell] &+= 1
            sumW[cell] += weights[t]
            sumWLogW[cell] += weightLogWeights[t]
            stamp[cell] &+= 1
            if !isDirty[cell] {
                isDirty[cell] = true
                dirtyList[dirtyCount] = Int32(truncatingIfNeeded: cell)
                dirtyCount &+= 1
            }
            k &-= 1
        }
        self.dirtyCount = dirtyCount
        trailCount = mark
        self.head = min(head, mark)
        contradiction = false
        clearQueue()
        scanPosition = 0
    }
}
