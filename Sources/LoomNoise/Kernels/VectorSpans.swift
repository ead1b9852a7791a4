import CLoomNoiseKernels

// Each 2D kernel hands the cached coefficients of its current cell to the AVX2 spans of
// `CLoomNoiseKernels`, which continue a row four samples per vector while the samples stay in
// that cell. The spans repeat the Swift arithmetic operation for operation, so a fill is the same
// bits with or without them (`NoiseVectorTests` compares both paths).

/// Whether fills use the vector spans: AVX2 CPUs, unless turned off.
enum VectorSpans {
    static var isEnabled: Bool { loom_noise_vector_enabled() != 0 }

    /// Turns the spans on or off for the whole process; fills give the same bits either way.
    static func setEnabled(_ enabled: Bool) { loom_noise_set_vector_enabled(enabled ? 1 : 0) }
}

/// Coefficients written in the order a span reads them, on the stack.
struct SpanCoefficients {
    static var capacity: Int { 40 }
    var base: UnsafeMutablePointer<Double>
    var count = 0

    @inline(__always)
    mutating func append(_ value: Double) {
        assert(count < SpanCoefficients.capacity, "a span reads at most \(SpanCoefficients.capacity) coefficients")
        base[count] = value
        count += 1
    }

    @inline(__always)
    mutating func append(_ values: SIMD4<Double>) {
        for lane in 0..<4 { append(values[lane]) }
    }

    /// Runs `body` on coefficients written by `write` (at most ``capacity``).
    @inline(__always)
    static func with<R>(_ write: (inout SpanCoefficients) -> Void, _ body: (UnsafePointer<Double>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { buffer in
            var coefficients = SpanCoefficients(base: buffer.baseAddress!)
            write(&coefficients)
            return body(coefficients.base)
        }
    }
}

extension Perlin2D {
    @inline(__always)
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int {
        SpanCoefficients.with {
            $0.append(cache.gx)
            $0.append(cache.gy)
            $0.append(row.fade)
            $0.append(Self.scale)
        } _: {
            Int(loom_noise_perlin_span(target, Int64(from), Int64(to), Double(cache.cell), $0))
        }
    }
}

extension Value2D {
    @inline(__always)
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int {
        SpanCoefficients.with {
            $0.append(cache.left)
            $0.append(cache.right)
        } _: {
            Int(loom_noise_value_span(target, Int64(from), Int64(to), Double(cache.cell), $0))
        }
    }
}

extension ValueCubic2D {
    @inline(__always)
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int {
        SpanCoefficients.with {
            $0.append(cache.columns)
        } _: {
            Int(loom_noise_value_cubic_span(target, Int64(from), Int64(to), Double(cache.cell), $0))
        }
    }
}

extension SpanCoefficients {
    /// The layout both simplex spans start with; see `CLoomNoiseKernels.h`.
    @inline(__always)
    mutating func appendSimplex(
        halfB: Double, fb: Double, gx: SIMD4<Double>, gyd: SIMD4<Double>, rest: SIMD4<Double>,
        cornerX: SIMD4<Double>, scale: Double
    ) {
        append(halfB)
        append(fb)
        append(gx)
        append(gyd)
        append(rest)
        append(cornerX)
        append(scale)
        append(Triangular.side)
        append(Triangular.inverseSide)
    }
}

extension Simplex2D {
    @inline(__always)
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int {
        SpanCoefficients.with {
            $0.appendSimplex(
                halfB: row.halfB, fb: row.fb, gx: cache.gx, gyd: cache.gyd, rest: row.rest, cornerX: Self.cornerX,
                scale: Self.scale)
        } _: {
            Int(loom_noise_simplex_span(target, Int64(from), Int64(to), Double(cache.cell), $0))
        }
    }
}

extension SmoothSimplex2D {
    @inline(__always)
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int {
        SpanCoefficients.with {
            $0.appendSimplex(
                halfB: row.halfB, fb: row.fb, gx: cache.gx, gyd: cache.gyd, rest: row.rest,
                cornerX: Simplex2D<L>.cornerX, scale: Self.scale)
            $0.append(cache.ax)
            $0.append(cache.ayd)
            $0.append(row.apexRest)
            $0.append(Self.apexX)
        } _: {
            Int(loom_noise_smooth_simplex_span(target, Int64(from), Int64(to), Double(cache.cell), $0))
        }
    }
}

extension Cellular2D {
    /// The distance measure's number in `CLoomNoiseKernels.h`.
    static var distanceCode: Int32 {
        switch D.self {
        case is EuclideanDistance.Type: Int32(LOOM_CELL_EUCLIDEAN)
        case is EuclideanSquaredDistance.Type: Int32(LOOM_CELL_EUCLIDEAN_SQ)
        case is ManhattanDistance.Type: Int32(LOOM_CELL_MANHATTAN)
        default: Int32(LOOM_CELL_HYBRID)
        }
    }

    /// The return type's number, or nil for the cell value, which the spans do not compute.
    var resultCode: Int32? {
        switch settings.returnType {
        case .distance: Int32(LOOM_CELL_DISTANCE)
        case .distance2: Int32(LOOM_CELL_DISTANCE2)
        case .distance2Add: Int32(LOOM_CELL_DISTANCE2_ADD)
        case .distance2Sub: Int32(LOOM_CELL_DISTANCE2_SUB)
        case .distance2Mul: Int32(LOOM_CELL_DISTANCE2_MUL)
        case .distance2Div: Int32(LOOM_CELL_DISTANCE2_DIV)
        case .cellValue: nil
        }
    }

    @inline(__always)
    func span(_ target: UnsafePointer<loom_noise_row>, from: Int, to: Int, row: Row, cache: Cache) -> Int {
        guard let result = resultCode else { return from }
        return SpanCoefficients.with {
            for k in 0..<9 { $0.append(cache.px[k]) }
            for k in 0..<9 { $0.append(cache.py[k]) }
            $0.append(settings.bound1)
            $0.append(settings.bound2)
        } _: {
            Int(
                loom_noise_cellular_span(
                    target, Int64(from), Int64(to), Double(cache.cell), $0, Self.distanceCode, result))
        }
    }
}
