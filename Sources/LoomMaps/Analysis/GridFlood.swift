/// The breadth-first flood that distance maps and region labels share: cells are visited in
/// queue order, each open neighbour not yet marked is marked and queued, so the result is a
/// pure function of the grid and the starting cells.
enum GridFlood {
    /// Floods from `queue[head..<tail]`, cells already marked, through the `open` cells of a
    /// `width × height` grid: each open neighbour whose `mark` is negative (the four orthogonal
    /// ones, then with `diagonal` the four diagonal ones, in a fixed order) gets
    /// `step(mark of the cell it was reached from)` and joins the queue. Returns the new tail.
    ///
    /// Buffers and an `inout` tail rather than captured variables: captured `var`s would cost a
    /// dynamic exclusivity check on every access in this hot loop.
    @inline(__always)
    static func run(
        width: Int, height: Int, diagonal: Bool, open: UnsafeBufferPointer<Bool>,
        mark: UnsafeMutableBufferPointer<Int32>, queue: UnsafeMutableBufferPointer<Int32>, head: Int, tail: Int,
        step: (Int32) -> Int32
    ) -> Int {
        var head = head, tail = tail
        @inline(__always) func visit(_ next: Int, _ value: Int32, _ tail: inout Int) {
            if open[next] && mark[next] < 0 {
                mark[next] = value
                queue[tail] = Int32(next)
                tail += 1
            }
        }
        while head < tail {
            let index = Int(queue[head])
            head += 1
            let x = index % width, y = index / width
            let value = step(mark[index])
            if x + 1 < width { visit(index + 1, value, &tail) }
            if y + 1 < height { visit(index + width, value, &tail) }
            if x > 0 { visit(index - 1, value, &tail) }
            if y > 0 { visit(index - width, value, &tail) }
            guard diagonal else { continue }
            if x + 1 < width && y + 1 < height { visit(index + width + 1, value, &tail) }
            if x > 0 && y + 1 < height { visit(index + width - 1, value, &tail) }
            if x > 0 && y > 0 { visit(index - width - 1, value, &tail) }
            if x + 1 < width && y > 0 { visit(index - width + 1, value, &tail) }
        }
        return tail
    }
}
