extension Tensor {
    /// The mean cross-entropy between logits `[…, classes]` and one integer class per row.
    ///
    /// `targets` holds one class in `0..<classes` per row of logits (rows are all axes but
    /// the last). Rows whose target equals `ignoreIndex` count for nothing, and the mean is
    /// over the other rows; if every row is ignored, the loss is 0. Computed from the
    /// log-softmax, so it is stable for logits of any size.
    public func crossEntropy(targets: [Int], ignoreIndex: Int? = nil) -> Tensor {
        Tensor(crossEntropyParts(targets: targets, ignoreIndex: ignoreIndex).loss)
    }

    /// The loss, the log-probabilities and the number of rows counted.
    func crossEntropyParts(targets: [Int], ignoreIndex: Int?) -> (loss: Float, logProbabilities: Tensor, counted: Int) {
        precondition(rank >= 1, "crossEntropy needs logits of rank ≥ 1")
        let classes = shape[rank - 1]
        let rows = classes == 0 ? 0 : count / classes
        precondition(targets.count == rows, "\(rows) rows of logits but \(targets.count) targets")
        let logProbabilities = logSoftmax()
        var total: Double = 0
        var counted = 0
        logProbabilities.withUnsafeBufferPointer { p in
            for (row, target) in targets.enumerated() where target != ignoreIndex {
                precondition(target >= 0 && target < classes, "target \(target) outside 0..<\(classes)")
                total -= Double(p[row * classes + target])
                counted += 1
            }
        }
        return (counted > 0 ? Float(total / Double(counted)) : 0, logProbabilities, counted)
    }
}
