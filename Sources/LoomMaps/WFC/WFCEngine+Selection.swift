import Foundation
import LoomCore

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
        return Foundation.log(total) - sumWLogW[cell] / total + noise[cell]
    }

    func rebuildHeap() {
        heapCount = 0
        for c in 0..<cellCount where count[c] > 1 {
            heapKeys[heapCount] = key(c)
            heapCells[heapCount] = Int32(truncatingIfNeeded: c)
            heapStamps[heapCount] = stamp[c]
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
            let parent = (i - 1) / 2
            if heapKeys[parent] <= k { break }
            heapKeys[i] = heapKeys[parent]
            heapCells[i] = heapCells[parent]
            heapStamps[i] = heapStamps[parent]
            i = parent
        }
        heapKeys[i] = k
        heapCells[i] = Int32(truncatingIfNeeded: cell)
        heapStamps[i] = stamp[cell]
    }

    private func siftDown(_ start: Int) {
        var i = start
        let k = heapKeys[i], c = heapCells[i], s = heapStamps[i]
        while true {
            var child = 2 * i + 1
            if child >= heapCount { break }
            if child + 1 < heapCount && heapKeys[child + 1] < heapKeys[child] { child += 1 }
            if heapKeys[child] >= k { break }
            heapKeys[i] = heapKeys[child]
            heapCells[i] = heapCells[child]
            heapStamps[i] = heapStamps[child]
            i = child
        }
        heapKeys[i] = k
        heapCells[i] = c
        heapStamps[i] = s
    }

    /// The next cell to decide, or `nil` when every cell is decided.
    func selectCell() -> Int? {
        if heuristic == .scanline {
            while scanPosition < cellCount && count[scanPosition] <= 1 { scanPosition += 1 }
            return scanPosition < cellCount ? scanPosition : nil
        }
        while heapCount > 0 {
            let cell = Int(heapCells[0]), entryStamp = heapStamps[0]
            heapCount -= 1
            if heapCount > 0 {
                heapKeys[0] = heapKeys[heapCount]
                heapCells[0] = heapCells[heapCount]
                heapStamps[0] = heapStamps[heapCount]
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
