import CLoomNoiseKernels
import LoomCore

/// The batch fill, specialised per kernel: octaves outermost per row, `x` innermost, so each
/// inner loop is one kernel over contiguous memory with no branch on the noise type.
struct GridFiller2D<T: BinaryFloatingPoint & Sendable>: Visitor2D {
    var output: SharedPointer<T>
    var width: Int
    var height: Int
    var origin: SIMD2<Double>
    var step: Double
    var fractal: FractalSettings
    var warp: NoiseGenerator?
    var threads: Int

    func visit<K: NoiseKernel2D, F: FrameSource2D>(_ kernel: K, _ frames: F) where F.L == K.L {
        let frameList = (0..<fractal.octaves).map { frames.frame($0, geometry: K.geometry) }
        let job = FillJob(
            kernel: kernel, frames: frameList, output: output, width: width, origin: origin, step: step,
            fractal: fractal, warp: warp)
        Parallel.forEachChunk(of: height, chunkSize: NoiseGenerator.rowsPerChunk, threads: threads) { rows in
            job.run(rows)
        }
    }
}

struct FillJob<K: NoiseKernel2D, T: BinaryFloatingPoint & Sendable>: @unchecked Sendable {
    var kernel: K
    var frames: [Frame2D<K.L>]
    var output: SharedPointer<T>
    var width: Int
    var origin: SIMD2<Double>
    var step: Double
    var fractal: FractalSettings
    var warp: NoiseGenerator?

    /// Whether a warp is set, tested without comparing generators.
    var hasWarp: Bool {
        if case .some = warp { return true }
        return false
    }

    func run(_ rows: Range<Int>) {
        // Scratch rows, allocated once per chunk: sums, amplitudes and warped coordinates.
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * max(width, 1))
        defer { scratch.deallocate() }
        let sum = scratch
        let amplitude = scratch + width
        let xs = scratch + 2 * width
        let ys = scratch + 3 * width
        for y in rows {
            let py = origin.y + Double(y) * step
            let line = output.base + y * width
            if !hasWarp && fractal.octaves == 1 && fractal.mode == .fbm {
                singleOctaveRow(py, line)
                continue
            }
            if let warp {
                warp.warpRow(y: py, originX: origin.x, step: step, count: width, xs: xs, ys: ys)
                warpedRow(sum, amplitude, xs, ys)
            } else {
                straightRow(py, sum, amplitude)
            }
            let bounding = fractal.bounding
            for x in 0..<width { line[x] = T(clampUnit(sum[x] * bounding)) }
        }
    }

    /// One octave with no warp, written straight to the output: the most common fill.
    @inline(__always)
    func singleOctaveRow(_ py: Double, _ line: UnsafeMutablePointer<T>) {
        let frame = frames[0]
        let row = kernel.row(y: py * frame.fy, seed: frame.seed, lattice: frame.lattice)
        var cache = kernel.emptyCache()
        let x0 = origin.x
        let step = self.step
        let fx = frame.fx
        guard VectorSpans.isEnabled, T.self == Float.self || T.self == Double.self else {
            for x in 0..<width {
                line[x] = T(clampUnit(kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache)))
            }
            return
        }
        let raw = UnsafeMutableRawPointer(line)
        var target = loom_noise_row(
            x0: x0, step: step, fx: fx, amplitude: 1,
            out: T.self == Double.self ? raw.assumingMemoryBound(to: Double.self) : nil,
            out_float: T.self == Float.self ? raw.assumingMemoryBound(to: Float.self) : nil, accumulate: 0)
        // Each cell's first sample fills the cache on the scalar path; its span does the rest.
        var x = 0
        while x < width {
            line[x] = T(clampUnit(kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache)))
            x = kernel.span(&target, from: x + 1, to: width, row: row, cache: cache)
        }
    }

    /// One row along constant `y`: each octave's row is prepared once.
    @inline(__always)
    func straightRow(_ py: Double, _ sum: UnsafeMutablePointer<Double>, _ amplitude: UnsafeMutablePointer<Double>) {
        let x0 = origin.x
        let step = self.step
        let width = self.width
        let kernel = self.kernel
        for (octave, frame) in frames.enumerated() {
            let row = kernel.row(y: py * frame.fy, seed: frame.seed, lattice: frame.lattice)
            var cache = kernel.emptyCache()
            let fx = frame.fx
            if fractal.weightedStrength == 0 {
                // Unweighted octaves share one amplitude across the row.
                var a = 1.0
                for _ in 0..<octave { a *= fractal.gain }
                if octave == 0 { for x in 0..<width { sum[x] = 0 } }
                switch fractal.mode {
                case .fbm:
                    guard VectorSpans.isEnabled else {
                        for x in 0..<width {
                            sum[x] +=
                                clampUnit(kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache)) * a
                        }
                        break
                    }
                    var target = loom_noise_row(
                        x0: x0, step: step, fx: fx, amplitude: a, out: sum, out_float: nil, accumulate: 1)
                    var x = 0
                    while x < width {
                        sum[x] += clampUnit(kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache)) * a
                        x = kernel.span(&target, from: x + 1, to: width, row: row, cache: cache)
                    }
                case .ridged:
                    for x in 0..<width {
                        let n = clampUnit(kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache))
                        sum[x] += (1 - 2 * abs(n)) * a
                    }
                case .pingPong:
                    let strength = fractal.pingPongStrength
                    for x in 0..<width {
                        let n = clampUnit(kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache))
                        sum[x] += (2 * FractalSettings.pingPong((n + 1) * strength) - 1) * a
                    }
                }
            } else {
                if octave == 0 {
                    for x in 0..<width {
                        sum[x] = 0
                        amplitude[x] = 1
                    }
                }
                for x in 0..<width {
                    fractal.fold(
                        kernel.value(x: (x0 + Double(x) * step) * fx, row: row, cache: &cache), &sum[x], &amplitude[x])
                }
            }
        }
    }

    /// One row of warped points: every sample prepares its own row.
    func warpedRow(
        _ sum: UnsafeMutablePointer<Double>, _ amplitude: UnsafeMutablePointer<Double>,
        _ xs: UnsafeMutablePointer<Double>, _ ys: UnsafeMutablePointer<Double>
    ) {
        for x in 0..<width {
            sum[x] = 0
            amplitude[x] = 1
        }
        for frame in frames {
            for x in 0..<width {
                let row = kernel.row(y: ys[x] * frame.fy, seed: frame.seed, lattice: frame.lattice)
                fractal.fold(kernel.value(x: xs[x] * frame.fx, row: row), &sum[x], &amplitude[x])
            }
        }
    }
}
