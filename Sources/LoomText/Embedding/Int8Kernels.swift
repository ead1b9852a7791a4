import CLoomKernels

/// Array-level access to CLoomKernels' int8 kernels (`CLoomKernelsInt8.h`), for tests and for
/// quantising weights at load. The encoder's hot path calls the C functions on its own buffers.
enum Int8Kernels {
    /// A kernel family: the portable scalar loop or the best this CPU has (AVX2 on x86-64).
    enum Family: Sendable, CaseIterable {
        case scalar
        case best

        var code: Int32 { self == .scalar ? Int32(LOOM_I8_SCALAR) : Int32(LOOM_I8_BEST) }
    }

    /// The name of `family` on this CPU: "scalar" or "avx2".
    static func name(_ family: Family) -> String { String(cString: loom_i8_kernels_name(family.code)) }

    /// `rows × columns` weights as int8 with one scale per row.
    static func quantizeWeights(_ w: [Float], rows: Int, columns: Int) -> (values: [Int8], scales: [Float]) {
        precondition(w.count == rows * columns, "\(w.count) weights for \(rows) × \(columns)")
        var values = [Int8](repeating: 0, count: w.count)
        var scales = [Float](repeating: 0, count: rows)
        loom_i8_quantize_weights(w, Int64(rows), Int64(columns), &values, &scales)
        return (values, scales)
    }

    /// `rows × columns` int8 weights (row-major) widened and packed for the products
    /// (`loom_i8_pack_weights`).
    static func pack(_ q: [Int8], rows: Int, columns: Int) -> [Int16] {
        precondition(q.count == rows * columns, "\(q.count) weights for \(rows) × \(columns)")
        var packed = [Int16](repeating: 0, count: Int(loom_i8_packed_count(Int64(rows), Int64(columns))))
        loom_i8_pack_weights(q, Int64(rows), Int64(columns), &packed)
        return packed
    }

    /// The largest activation magnitude for rows of `columns` values.
    static func activationLimit(columns: Int) -> Int { Int(loom_i8_activation_limit(Int64(columns))) }

    /// `rows × columns` activations (each column first multiplied by its `columnScales` entry,
    /// when given) as int16 with one scale per row, computed by `family`'s build.
    static func quantizeActivations(
        _ x: [Float], rows: Int, columns: Int, columnScales: [Float]? = nil, family: Family = .best
    ) -> (values: [Int16], scales: [Float]) {
        precondition(x.count == rows * columns, "\(x.count) activations for \(rows) × \(columns)")
        var values = [Int16](repeating: 0, count: x.count)
        var scales = [Float](repeating: 0, count: rows)
        let (count, n) = (Int64(rows), Int64(columns))
        if let columnScales {
            loom_i8_quantize_activations_family(family.code, x, count, n, n, columnScales, &values, &scales)
        } else {
            loom_i8_quantize_activations_family(family.code, x, count, n, n, nil, &values, &scales)
        }
        return (values, scales)
    }

    /// `activations` (`count × columns`) times the transposed `weights` (`rows × columns`), plus
    /// `bias`, then GELU when `gelu` is set: `count × rows` floats, computed by `family` for the
    /// output rows `[first, end)` (`first` a multiple of 8; by default all) and 0 elsewhere.
    static func matmul(
        _ family: Family, weights: (values: [Int8], scales: [Float]), bias: [Float]? = nil,
        activations: (values: [Int16], scales: [Float]), columns: Int, gelu: Bool = false,
        rows range: Range<Int>? = nil
    ) -> [Float] {
        let rows = weights.scales.count
        let count = activations.scales.count
        precondition(weights.values.count == rows * columns && activations.values.count == count * columns)
        let range = range ?? 0..<rows
        var out = [Float](repeating: 0, count: count * rows)
        loom_i8_matmul_family(
            family.code, gelu ? 1 : 0, Int64(columns), pack(weights.values, rows: rows, columns: columns),
            weights.scales, bias, Int64(range.lowerBound), Int64(range.upperBound), activations.values,
            activations.scales, Int64(count), &out, Int64(rows))
        return out
    }

    /// GELU (erf form) of every value, with the kernels' fast erf, computed by `family`'s build.
    static func gelu(_ x: [Float], family: Family = .best) -> [Float] {
        var out = x
        loom_i8_gelu_family(family.code, &out, Int64(out.count))
        return out
    }

    /// Attention of one sequence (`qkv`: `length` rows of 3·heads·size floats) computed by
    /// `family`'s build: `length` rows of heads·size floats. With `general`, sequences of at
    /// most 16 tokens take the general form too instead of the one for short sequences.
    static func attention(
        _ qkv: [Float], length: Int, heads: Int, size: Int, family: Family = .best, general: Bool = false
    ) -> [Float] {
        precondition(qkv.count == length * 3 * heads * size)
        var context = [Float](repeating: 0, count: length * heads * size)
        var scratch = [Float](repeating: 0, count: length * (2 * size + 1))
        let (l, h, d) = (Int64(length), Int64(heads), Int64(size))
        if general {
            loom_i8_attention_general_family(family.code, qkv, l, h, d, &context, &scratch)
        } else {
            loom_i8_attention_family(family.code, qkv, l, h, d, &context, &scratch)
        }
        return context
    }
}
