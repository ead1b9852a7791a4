/// A min-heap of grid cells keyed by a cost, with ties broken by a second key and then by the
/// cell index, so the pop order is a pure function of the keys — never of insertion order.
struct CellHeap {
    struct Entry {
        var cost: Double
        var tie: Double
        var cell: Int32
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    init(capacity: Int = 0) {
        entries.reserveCapacity(capacity)
    }

    @inline(__always)
    static func less(_ a: Entry, _ b: Entry) -> Bool {
        if a.cost != b.cost { return a.cost < b.cost }
        if a.tie != b.tie { return a.tie < b.tie }
        return a.cell < b.cell
    }

    mutating func push(_ cell: Int32, cost: Double, tie: Double = 0) {
        entries.append(Entry(cost: cost, tie: tie, cell: cell))
        var child = entries.count - 1
        entries.withUnsafeMutableBufferPointer { heap in
            let entry = heap[child]
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.less(entry, heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    mutating func pop() -> Entry? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return last }
        let top = entries[0]
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = 0
            while true {
                var child = 2 * parent + 1
                guard child < count else { break }
                if child + 1 < count && Self.less(heap[child + 1], heap[child]) { child += 1 }
                guard Self.less(heap[child], last) else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = last
        }
        return top
    }
}
