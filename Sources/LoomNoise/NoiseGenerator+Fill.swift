import LoomCore

extension NoiseGenerator {
    /// Rows per parallel chunk. Fixed, so the split never depends on the thread count.
    static let rowsPerChunk = 8

    /// Fills a grid with 2D noise: cell `(x, y)` gets `sample(x: origin.x + x·step, y: origin.y + y·step)`
    /// (after `warpedBy`'s displacement when given), converted to `Float`.
    ///
    /// The fast path: rows are split into fixed chunks run on up to `threads` threads, each row
    /// prepares what depends only on `y` once, and the inner loops are specialised per noise
    /// type. Results are the same bytes for any `threads`, and equal to ``sample(x:y:)`` up to
    /// the conversion to `Float`. A non-finite `origin` or `step` fills zeros.
    ///
    /// - Parameters:
    ///   - grid: The grid filled, every cell.
    ///   - origin: Sample coordinates of cell (0, 0). Default: (0, 0). For chunk `(cx, cy)` of an
    ///     endless world use `SIMD2(Double(cx * width), Double(cy * height))`.
    ///   - step: Sample units between neighbouring cells. Default: 1.
    ///   - warpedBy: A generator whose ``warp(x:y:)`` displaces every point first. Default: none.
    ///     For tiling noise to stay seamless, give the warp generator the same periods.
    ///   - threads: Worker threads. Default: every active processor.
    public func fill(
        _ grid: inout Grid<Float>, origin: SIMD2<Double> = .zero, step: Double = 1, warpedBy: NoiseGenerator? = nil,
        threads: Int = Parallel.defaultThreadCount
    ) {
        fillGrid(&grid, origin: origin, step: step, warp: warpedBy, threads: threads)
    }

    /// Fills a grid with 2D noise in `Double`; see ``fill(_:origin:step:warpedBy:threads:)-(Grid<Float>,_,_,_,_)``.
    public func fill(
        _ grid: inout Grid<Double>, origin: SIMD2<Double> = .zero, step: Double = 1, warpedBy: NoiseGenerator? = nil,
        threads: Int = Parallel.defaultThreadCount
    ) {
        fillGrid(&grid, origin: origin, step: step, warp: warpedBy, threads: threads)
    }

    /// Fills a grid with a slice of 3D noise at depth `z`: cell `(x, y)` gets
    /// `sample(x: origin.x + x·step, y: origin.y + y·step, z: z)`. Parallel over rows like the
    /// 2D fill; same bytes on any thread count.
    public func fill(
        _ grid: inout Grid<Float>, z: Double, origin: SIMD2<Double> = .zero, step: Double = 1,
        threads: Int = Parallel.defaultThreadCount
    ) {
        let width = grid.width
        let height = grid.height
        guard origin.x.isFinite, origin.y.isFinite, step.isFinite, z.isFinite else {
            grid.fill(0)
            return
        }
        grid.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let filler = SliceFiller3D(
                output: SharedPointer(base), width: width, height: height, origin: origin, step: step, z: z,
                generator: self, fractal: FractalSettings(self), threads: threads)
            dispatch3D(filler)
        }
    }

    /// A new grid of 2D noise; see ``fill(_:origin:step:warpedBy:threads:)-(Grid<Float>,_,_,_,_)``.
    public func makeGrid(
        width: Int, height: Int, origin: SIMD2<Double> = .zero, step: Double = 1, warpedBy: NoiseGenerator? = nil,
        threads: Int = Parallel.defaultThreadCount
    ) -> Grid<Float> {
        var grid = Grid(width: width, height: height, repeating: Float(0))
        fill(&grid, origin: origin, step: step, warpedBy: warpedBy, threads: threads)
        return grid
    }

    private func fillGrid<T: BinaryFloatingPoint & Sendable>(
        _ grid: inout Grid<T>, origin: SIMD2<Double>, step: Double, warp: NoiseGenerator?, threads: Int
    ) {
        guard origin.x.isFinite, origin.y.isFinite, step.isFinite else {
            grid.fill(0)
            return
        }
        let width = grid.width
        let height = grid.height
        grid.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let filler = GridFiller2D(
                output: SharedPointer(base), width: width, height: height, origin: origin, step: step,
                fractal: FractalSettings(self), warp: warp, threads: threads)
            dispatch2D(filler)
        }
    }

    /// Writes warped coordinates for one row of `count` cells into `xs` and `ys`.
    func warpRow(
        y: Double, originX: Double, step: Double, count: Int, xs: UnsafeMutablePointer<Double>,
        ys: UnsafeMutablePointer<Double>
    ) {
        dispatchWarp2D(
            RowWarper2D(y: y, originX: originX, step: step, count: count, xs: xs, ys: ys, settings: WarpSettings(self)))
    }
}

/// A pointer shared by chunks that write disjoint rows.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

struct RowWarper2D: WarpVisitor2D {
    var y: Double
    var originX: Double
    var step: Double
    var count: Int
    var xs: UnsafeMutablePointer<Double>
    var ys: UnsafeMutablePointer<Double>
    var settings: WarpSettings

    func visit<W: WarpKernel2D, F: FrameSource2D>(_ kernel: W, _ frames: F) where F.L == W.L {
        for i in 0..<count {
            xs[i] = originX + Double(i) * step
            ys[i] = y
        }
        var amplitude = settings.amplitude
        for octave in 0..<settings.octaves {
            let frame = frames.frame(octave, geometry: W.geometry)
            for i in 0..<count {
                let (fromX, fromY) = settings.progressive ? (xs[i], ys[i]) : (originX + Double(i) * step, y)
                let offset = kernel.offset(
                    x: fromX * frame.fx, y: fromY * frame.fy, seed: frame.seed, lattice: frame.lattice)
                let clamped = offset.clamped(lowerBound: SIMD2(repeating: -1), upperBound: SIMD2(repeating: 1))
                xs[i] += clamped.x * amplitude
                ys[i] += clamped.y * amplitude
            }
            amplitude *= settings.gain
        }
    }
}

/// A slice of 3D noise, specialised per kernel: each row runs one kernel's loop.
struct SliceFiller3D: Visitor3D {
    var output: SharedPointer<Float>
    var width: Int
    var height: Int
    var origin: SIMD2<Double>
    var step: Double
    var z: Double
    var generator: NoiseGenerator
    var fractal: FractalSettings
    var threads: Int

    func visit<K: NoiseKernel3D>(_ kernel: K) {
        let sampler = PointSampler3D(
            point: .zero, fractal: fractal, frequency: generator.clampedFrequency,
            lacunarity: generator.clampedLacunarity, seed: generator.seed)
        let job = self
        Parallel.forEachChunk(of: height, chunkSize: NoiseGenerator.rowsPerChunk, threads: threads) { rows in
            var sampler = sampler
            for y in rows {
                let py = job.origin.y + Double(y) * job.step
                let line = job.output.base + y * job.width
                for x in 0..<job.width {
                    sampler.point = job.generator.rotated(SIMD3(job.origin.x + Double(x) * job.step, py, job.z))
                    line[x] = Float(sampler.visit(kernel))
                }
            }
        }
    }
}
