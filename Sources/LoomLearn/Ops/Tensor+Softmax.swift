import Foundation

extension Tensor {
    /// The softmax over the last axis, computed stably (the row maximum is subtracted first).
    ///
    /// With `causal`, a tensor `[…, rows, columns]` keeps, in row `i`, only columns
    /// `j ≤ i + (columns − rows)` — the positions at or before the query's own — and gives the
    /// rest probability 0. With `rows == columns` that is the usual lower-triangular mask; with
    /// fewer rows than columns the rows are the last queries over a longer key sequence.
    public func softmax(causal: Bool = false) -> Tensor {
        precondition(rank >= 1, "softmax needs rank ≥ 1")
        precondition(!causal || rank >= 2, "a causal softmax needs rank ≥ 2, found \(shape)")
        let columns = shape[rank - 1]
        let rows = causal ? shape[rank - 2] : 1
        var result = self
        guard columns > 0 else { return result }
        result.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<(buffer.count / columns) {
                let p = buffer.baseAddress! + row * columns
                let visible = causal ? Swift.min(columns, Swift.max(0, row % rows + 1 + columns - rows)) : columns
                var largest = -Float.infinity
                for j in 0..<visible { largest = Swift.max(largest, p[j]) }
                var total: Float = 0
                for j in 0..<visible {
                    p[j] = Foundation.exp(p[j] - largest)
                    total += p[j]
                }
                let scale = total > 0 ? 1 / total : 0
                for j in 0..<visible { p[j] *= scale }
                for j in visible..<columns { p[j] = 0 }
            }
        }
        return result
    }

    /// The logarithm of the softmax over the last axis: `x − max − log Σ exp(x − max)`, exact
    /// even where the softmax itself underflows to 0.
    public func logSoftmax() -> Tensor {
        precondition(rank >= 1, "logSoftmax needs rank ≥ 1")
        let columns = shape[rank - 1]
        var result = self
        guard columns > 0 else { return result }
        result.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<(buffer.count / columns) {
                let p = buffer.baseAddress! + row * columns
                var largest = -Float.infinity
                for j in 0..<columns { largest = Swift.max(largest, p[j]) }
                var total: Float = 0
                for j in 0..<columns { total += Foundation.exp(p[j] - largest) }
                let shift = largest + Foundation.log(total)
                for j in 0..<columns { p[j] -= shift }
            }
        }
        return result
    }
}
