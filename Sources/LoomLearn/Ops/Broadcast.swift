/// NumPy broadcasting rules and the strided row walk that every element-wise kernel uses.
enum Broadcast {
    /// The shape two operands broadcast to: axes align from the right, and each pair of sizes
    /// must be equal or contain a 1.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let da = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let db = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            precondition(da == db || da == 1 || db == 1, "shapes \(a) and \(b) do not broadcast")
            result[axis] = da == 1 ? db : da
        }
        return result
    }

    /// Strides to read a tensor of `shape` as if it had shape `target` (right-aligned): zero on
    /// axes where it is broadcast.
    static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
        let own = Tensor.strides(of: shape)
        let offset = target.count - shape.count
        precondition(offset >= 0, "cannot broadcast \(shape) to \(target)")
        return (0..<target.count).map { axis in
            guard axis >= offset else { return 0 }
            let size = shape[axis - offset]
            precondition(size == target[axis] || size == 1, "cannot broadcast \(shape) to \(target)")
            return size == 1 && target[axis] != 1 ? 0 : own[axis - offset]
        }
    }

    /// Calls `body(row, offsetA, offsetB)` for every row of `shape` (every index of the axes but
    /// the last), in row-major order, with the offsets of the row's start under two stride sets.
    @inline(__always)
    static func forEachRow(
        of shape: [Int], stridesA: [Int], stridesB: [Int], _ body: (_ row: Int, _ offsetA: Int, _ offsetB: Int) -> Void
    ) {
        let outerRank = shape.count - 1
        guard outerRank > 0 else {
            body(0, 0, 0)
            return
        }
        let rows = Tensor.count(of: Array(shape.prefix(outerRank)))
        guard rows > 0 else { return }
        var index = [Int](repeating: 0, count: outerRank)
        var offsetA = 0
        var offsetB = 0
        for row in 0..<rows {
            body(row, offsetA, offsetB)
            var axis = outerRank - 1
            while axis >= 0 {
                index[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if index[axis] < shape[axis] { break }
                offsetA -= stridesA[axis] * shape[axis]
                offsetB -= stridesB[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
