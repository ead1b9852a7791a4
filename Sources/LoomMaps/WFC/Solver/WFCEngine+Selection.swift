import Foundation
import LoomCore

/// An entry of the engine's lazy candidate heap: a cell's key when pushed, and the cell's stamp
/// then (the entry is stale once the stamp moved on).
struct HeapEntry {
    var key: Double
    var cell: Int32
    var stamp: UInt32
}

extension WFCEngine {
    /// Draws fresh tie-break noise for an attempt and rebuilds the candidate heap.
    func startAttempt(random: inout Xoshiro256StarStar) {
        let scale = heuristic == .mrv ? 0.5 : 1e-6
        for c in 0..<cellCount { noise[c] = random.nextDouble() * scale }
        scanPosition = 0
        rebuildHeap()
    }

    @inline(__always)
    func key(_ cell: Int) -> Double {
        if heuristic == .mrv { return Double(count[cell]) + noise[cell] }
        let total = sumW[cell]
        return logarithm(total) - sumWLogW[cell] / total + noise[cell]
    }

    /// `PortableMath.log(total)`, remembered for integral totals.
    @inline(__always)
    private func logarithm(_ total: Double) -> Double {
        guard logCount > 0 else { return PortableMath.log(total) }
        // With integral weights every total is an exact integer in 1..<logCount (sums and
        // differences of integers below 2^53 are exact), so the index is the total itself.
        let index = Int(total)
        guard index > 0 && index < logCount && Double(index) == total else { return PortableMath.log(total) }
        let known = logs[index]
        if known >= 0 { return known }
        let value = PortableMath.log(total)
        logs[index] = value
        return value
    }

    func rebuildHeap() {
        heapCount = 0
        for c in 0..<cellCount where count[c] > 1 {
            heap[heapCount] = HeapEntry(key: key(c), cell: Int32(truncatingIfNeeded: c), stamp: stamp[c])
            heapCount += 1
        }
        var i = heapCount / 2 - 1
        while i >= 0 {
            siftDown(i)
            i -= 1
        }
        for k in 0..<dirtyCount { isDirty[Int(dirtyList[k])] = false }
        dirtyCount = 0
    }

    /// Pushes every cell changed since the last flush with its new key.
    func flushDirty() {
        if heuristic == .scanline || heapCount + dirtyCount > heapCapacity {
            for k in 0..<dirtyCount { isDirty[Int(dirtyList[k])] = false }
            dirtyCount = 0
            if heuristic != .scanline { rebuildHeap() }
            return
        }
        for k in 0..<dirtyCount {
            let c = Int(dirtyList[k])
            isDirty[c] = false
            if count[c] > 1 { push(c) }
        }
        dirtyCount = 0
    }

    private func push(_ cell: Int) {
        var i = heapCount
        heapCount += 1
        let k = key(cell)
        while i > 0 {
            let parent = (i &- 1) &>> 1
            if heap[parent].key <= k { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = HeapEntry(key: k, cell: Int32(truncatingIfNeeded: cell), stamp: stamp[cell])
    }

    private func siftDown(_ start: Int) {
        let count = heapCount
        var i = start
        let entry = heap[i]
        while true {
            var child = 2 &* i &+ 1
            if child >= count { break }
            if child &+ 1 < count && heap[child &+ 1].key < heap[child].key { child &+= 1 }
            if heap[child].key >= entry.key { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = entry
    }

    /// The next cell to decide, or `nil` when every cell is decided.
    func selectCell() -> Int? {
        if heuristic == .scanline {
            while scanPosition < cellCount && count[scanPosition] <= 1 { scanPosition += 1 }
            return scanPosition < cellCount ? scanPosition : nil
        }
        while heapCount > 0 {
            let cell = Int(heap[0].cell), entryStamp = heap[0].stamp
            heapCount -= 1
            if heapCount > 0 {
                heap[0] = heap[heapCount]
                siftDown(0)
            }
            if entryStamp == stamp[cell] && count[cell] > 1 { return cell }
        }
        return nil
    }

    /// A possible pattern of `cell`, drawn by weight.
    func choosePattern(_ cell: Int, random: inout Xoshiro256StarStar) -> Int {
        var r = random.nextDouble() * sumW[cell]
        var last = -1
        for w in 0..<words {
            var bits = wave[cell * words + w]
            while bits != 0 {
                let t = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                r -= weights[t]
                if r < 0 { return t }
                last = t
            }
        }
        return last
    }

    /// Decides `cell` as `pattern` by banning every other pattern there.
    func observe(_ cell: Int, as pattern: Int) {
        for w in 0..<words {
            var bits = wave[cell * words + w]
            while bits != 0 {
                let t = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                if t != pattern { ban(cell, t) }
            }
        }
    }
}
