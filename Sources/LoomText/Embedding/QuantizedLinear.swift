import CLoomKernels
import LoomCore
import LoomLearn

/// A linear layer `y = W·x + b` whose weights are int8, one symmetric float scale per output
/// row, quantised once when the model loads.
///
/// Before quantisation each weight column k is divided by `c_k = √max_r |W[r][k]|` and every
/// input's column k is multiplied by it (SmoothQuant's migration with α = ½, here towards the
/// activations, which are int16): the product is unchanged, but a few outlier columns no
/// longer make every row's 255 steps coarse.
///
/// Inputs are quantised to int16 per row; the product's sums are exact int32 (CLoomKernels'
/// `loom_i8_matmul`), so the output is the same bits on any thread count and on every CPU of
/// one architecture, whichever kernel family runs.
struct QuantizedLinear: Sendable {
    /// Output rows (the weight's first dimension).
    let outputs: Int
    /// Input columns.
    let inputs: Int
    /// `[outputs, inputs]` int8 weights (of the column-scaled matrix), widened to int16 so the
    /// product's inner loop does not widen them again for every token (twice the memory: 21 MB
    /// for all-MiniLM-L6-v2's six layers), in the packed layout of `loom_i8_pack_weights`
    /// (groups of 8 rows, columns in pairs).
    let weights: [Int16]
    /// One scale per output row.
    let scales: [Float]
    /// What each input column is multiplied by before quantisation (`c_k`).
    let columnScales: [Float]
    /// `[outputs]`
    let bias: [Float]

    /// Quantises a PyTorch-layout `[outputs, inputs]` weight and its `[outputs]` bias.
    init(weight: Tensor, bias: Tensor) {
        precondition(weight.shape.count == 2 && bias.shape == [weight.shape[0]], "linear shapes \(weight.shape)")
        let (rows, columns) = (weight.shape[0], weight.shape[1])
        var scaled = weight.scalars
        var columnScales = [Float](repeating: 0, count: columns)
        for r in 0..<rows {
            for k in 0..<columns { columnScales[k] = Swift.max(columnScales[k], abs(scaled[r * columns + k])) }
        }
        columnScales = columnScales.map { $0 > 0 ? $0.squareRoot() : 1 }
        for r in 0..<rows {
            for k in 0..<columns { scaled[r * columns + k] /= columnScales[k] }
        }
        let quantized = Int8Kernels.quantizeWeights(scaled, rows: rows, columns: columns)
        self.outputs = rows
        self.inputs = columns
        self.weights = Int8Kernels.pack(quantized.values, rows: rows, columns: columns)
        self.scales = quantized.scales
        self.columnScales = columnScales
        self.bias = bias.scalars
    }

    /// Writes `W·x + b` for each of the `count` rows of `x` (``inputs`` floats each) into `out`
    /// (``outputs`` floats each), quantising `x` into `buffer` first and splitting the output
    /// rows over up to `threads` threads when the product is large. With `gelu`, each output
    /// value then goes through `loom_i8_gelu` while it is still in registers.
    func apply(
        _ x: UnsafePointer<Float>, count: Int, buffer: ActivationBuffer, into out: UnsafeMutablePointer<Float>,
        gelu: Bool = false, threads: Int
    ) {
        columnScales.withUnsafeBufferPointer { c in
            loom_i8_quantize_activations(
                x, Int64(count), Int64(inputs), Int64(inputs), c.baseAddress, buffer.values.pointer,
                buffer.scales.pointer)
        }
        let target = UnsafeSendable(out)
        weights.withUnsafeBufferPointer { w in
            scales.withUnsafeBufferPointer { s in
                bias.withUnsafeBufferPointer { b in
                    let (w, s, b) = (
                        UnsafeSendable(w.baseAddress!), UnsafeSendable(s.baseAddress!), UnsafeSendable(b.baseAddress!)
                    )
                    let work = count * outputs * inputs
                    // Chunks of 64 rows; below about 2²¹ multiply-adds a second thread costs more than it saves.
                    // Chunks start at multiples of 8, as the packed layout's groups do.
                    Parallel.forEachChunk(of: outputs, chunkSize: 64, threads: work >= 1 << 21 ? threads : 1) { rows in
                        loom_i8_matmul_family(
                            Int32(LOOM_I8_BEST), gelu ? 1 : 0, Int64(inputs), w.pointer, s.pointer, b.pointer,
                            Int64(rows.lowerBound),
                            Int64(rows.upperBound), buffer.values.pointer, buffer.scales.pointer, Int64(count),
                            target.pointer, Int64(outputs))
                    }
                }
            }
        }
    }
}

/// Caller-owned memory for activations quantised to int16, one scale per row.
struct ActivationBuffer: Sendable {
    /// Room for every row's values.
    let values: UnsafeSendable<UnsafeMutablePointer<Int16>>
    /// Room for every row's scale.
    let scales: UnsafeSendable<UnsafeMutablePointer<Float>>

    init(values: UnsafeMutablePointer<Int16>, scales: UnsafeMutablePointer<Float>) {
        self.values = UnsafeSendable(values)
        self.scales = UnsafeSendable(scales)
    }
}

/// A pointer carried into parallel chunks that each touch disjoint rows of it.
struct UnsafeSendable<Pointer>: @unchecked Sendable {
    let pointer: Pointer
    init(_ pointer: Pointer) { self.pointer = pointer }
}
