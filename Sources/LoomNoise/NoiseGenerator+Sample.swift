import LoomCore

extension NoiseGenerator {
    /// The noise at a 2D point, in [-1, 1].
    ///
    /// A pure function of the settings and the point. Non-finite coordinates give 0. For whole
    /// grids use ``fill(_:origin:step:warpedBy:threads:)-(Grid<Float>,_,_,_,_)``, which is many
    /// times faster per sample.
    public func sample(x: Double, y: Double) -> Double {
        guard x.isFinite, y.isFinite else { return 0 }
        return dispatch2D(PointSampler2D(x: x, y: y, fractal: FractalSettings(self)))
    }

    /// The noise at a 3D point, in [-1, 1]; ``rotationType3D`` turns the point first.
    /// Non-finite coordinates give 0.
    public func sample(x: Double, y: Double, z: Double) -> Double {
        guard x.isFinite, y.isFinite, z.isFinite else { return 0 }
        let p = rotated(SIMD3(x, y, z))
        return dispatch3D(
            PointSampler3D(
                point: p, fractal: FractalSettings(self), frequency: clampedFrequency,
                lacunarity: clampedLacunarity, seed: seed))
    }

    /// The noise at a 2D point after `warp` has displaced it: `sample` at `warp.warp(x:y:)`.
    /// Tiling noise stays seamless when `warp` has the same periods.
    public func sample(x: Double, y: Double, warpedBy warp: NoiseGenerator) -> Double {
        let warped = warp.warp(x: x, y: y)
        return sample(x: warped.x, y: warped.y)
    }

    /// A 2D point displaced by this generator's domain warp: each axis moves by at most
    /// ``domainWarpAmplitude``.
    ///
    /// Uses ``domainWarpType``, ``frequency`` and ``seed``; with ``fractalType`` set to
    /// ``FractalType/domainWarpProgressive`` or ``FractalType/domainWarpIndependent`` it warps
    /// over ``octaves`` octaves (``lacunarity``, ``gain``), otherwise once. With ``periodX`` or
    /// ``periodY`` set the displacement tiles too, so warped tiling noise still tiles.
    /// Non-finite coordinates are returned unchanged.
    public func warp(x: Double, y: Double) -> (x: Double, y: Double) {
        guard x.isFinite, y.isFinite else { return (x, y) }
        let p = dispatchWarp2D(PointWarper2D(point: SIMD2(x, y), settings: WarpSettings(self)))
        return (p.x, p.y)
    }

    /// A 3D point displaced by this generator's domain warp (see ``warp(x:y:)``).
    public func warp(x: Double, y: Double, z: Double) -> (x: Double, y: Double, z: Double) {
        guard x.isFinite, y.isFinite, z.isFinite else { return (x, y, z) }
        let settings = WarpSettings(self)
        let kernel = Warp3D(type: domainWarpType)
        let origin = SIMD3(x, y, z)
        var p = origin
        var amplitude = settings.amplitude
        var f = clampedFrequency
        for octave in 0..<settings.octaves {
            let from = rotated(settings.progressive ? p : origin) * f
            let offset = kernel.offset(x: from.x, y: from.y, z: from.z, seed: LatticeHash.octaveSeed(seed, octave))
            p += offset.clamped(lowerBound: SIMD3(repeating: -1), upperBound: SIMD3(repeating: 1)) * amplitude
            amplitude *= settings.gain
            f *= clampedLacunarity
        }
        return (p.x, p.y, p.z)
    }

    /// The point turned by ``rotationType3D``: an orthonormal basis whose third axis is the
    /// lattice's main diagonal, so planes across the chosen axes cut the lattice evenly.
    func rotated(_ p: SIMD3<Double>) -> SIMD3<Double> {
        switch rotationType3D {
        case .none: return p
        case .improveXYPlanes: return Rotation3D.u * p.x + Rotation3D.v * p.y + Rotation3D.diagonal * p.z
        case .improveXZPlanes: return Rotation3D.u * p.x + Rotation3D.v * p.z + Rotation3D.diagonal * p.y
        }
    }
}

enum Rotation3D {
    static let u = SIMD3<Double>(1, -1, 0) / 2.0.squareRoot()
    static let v = SIMD3<Double>(1, 1, -2) / 6.0.squareRoot()
    static let diagonal = SIMD3<Double>(1, 1, 1) / 3.0.squareRoot()
}

struct PointSampler2D: Visitor2D {
    var x: Double
    var y: Double
    var fractal: FractalSettings

    func visit<K: NoiseKernel2D, F: FrameSource2D>(_ kernel: K, _ frames: F) -> Double where F.L == K.L {
        var sum = 0.0
        var amplitude = 1.0
        for octave in 0..<fractal.octaves {
            let frame = frames.frame(octave, geometry: K.geometry)
            let row = kernel.row(y: y * frame.fy, seed: frame.seed, lattice: frame.lattice)
            fractal.fold(kernel.value(x: x * frame.fx, row: row), &sum, &amplitude)
        }
        return clampUnit(sum * fractal.bounding)
    }
}

struct PointSampler3D: Visitor3D {
    var point: SIMD3<Double>
    var fractal: FractalSettings
    var frequency: Double
    var lacunarity: Double
    var seed: Seed

    func visit<K: NoiseKernel3D>(_ kernel: K) -> Double {
        var sum = 0.0
        var amplitude = 1.0
        var f = frequency
        for octave in 0..<fractal.octaves {
            let p = point * f
            fractal.fold(
                kernel.value(x: p.x, y: p.y, z: p.z, seed: LatticeHash.octaveSeed(seed, octave)), &sum, &amplitude)
            f *= lacunarity
        }
        return clampUnit(sum * fractal.bounding)
    }
}

struct PointWarper2D: WarpVisitor2D {
    var point: SIMD2<Double>
    var settings: WarpSettings

    func visit<W: WarpKernel2D, F: FrameSource2D>(_ kernel: W, _ frames: F) -> SIMD2<Double> where F.L == W.L {
        var p = point
        var amplitude = settings.amplitude
        for octave in 0..<settings.octaves {
            let frame = frames.frame(octave, geometry: W.geometry)
            let from = settings.progressive ? p : point
            let offset = kernel.offset(
                x: from.x * frame.fx, y: from.y * frame.fy, seed: frame.seed, lattice: frame.lattice)
            p += offset.clamped(lowerBound: SIMD2(repeating: -1), upperBound: SIMD2(repeating: 1)) * amplitude
            amplitude *= settings.gain
        }
        return p
    }
}
