extension Variable {
    /// Multi-head causal scaled dot-product attention.
    ///
    /// `self` (the queries) is `[batch, queryTime, features]`, `key` and `value` are
    /// `[batch, keyTime, features]` with `keyTime ≥ queryTime`, and `features` is split into
    /// `heads` heads of `features / heads`. Each query position attends to the key positions
    /// at or before its own (the queries are taken to be the last `queryTime` positions of the
    /// key sequence, which is what incremental decoding with cached keys needs). The result is
    /// `[batch, queryTime, features]`.
    ///
    /// Composed from differentiable operations: the heads are split by a permutation, scores
    /// are one batched product `Q·Kᵀ / √size`, future positions are masked inside
    /// ``softmax(causal:)``, and a second batched product mixes the values.
    public func causalAttention(key: Variable, value: Variable, heads: Int) -> Variable {
        let (batch, queryTime, features) = (shape[0], shape[1], shape[2])
        let keyTime = key.shape[1]
        precondition(shape.count == 3, "attention queries must be [batch, time, features], found \(shape)")
        precondition(key.shape == value.shape, "attention keys \(key.shape) and values \(value.shape) differ")
        precondition(key.shape == [batch, keyTime, features], "attention keys \(key.shape) for queries \(shape)")
        precondition(keyTime >= queryTime, "attention needs at least as many keys as queries")
        precondition(heads >= 1 && features % heads == 0, "\(features) features do not split into \(heads) heads")
        let size = features / heads
        // [batch, time, heads, size] → [batch, heads, time, size]
        let splitHeads = { (x: Variable, time: Int) in x.reshaped([batch, time, heads, size]).permuted([0, 2, 1, 3]) }
        let q = splitHeads(self, queryTime)
        let k = splitHeads(key, keyTime)
        let v = splitHeads(value, keyTime)
        let scores = q.matmul(k, transposeB: true) * (1 / Float(size).squareRoot())
        let mixed = scores.softmax(causal: true).matmul(v)
        return mixed.permuted([0, 2, 1, 3]).reshaped([batch, queryTime, features])
    }
}
