import LoomCore

/// Coherent noise: every setting of a noise field in one `Codable` value, and a pure
/// ``sample(x:y:)``.
///
/// Set only what you change; every field has a documented default and range. Values outside a
/// range are clamped when sampling and rejected by ``validate()`` and by decoding.
///
/// ```swift
/// var noise = NoiseGenerator()
/// noise.seed = Seed(42)
/// noise.frequency = 0.005
/// noise.fractalType = .fbm
/// var heights = Grid(width: 512, height: 512, repeating: Float(0))
/// noise.fill(&heights)                       // the fast path, parallel over rows
/// let h = noise.sample(x: 1e9 + 0.5, y: -3)  // a single value in [-1, 1]
/// ```
///
/// Guarantees that hold for every combination of settings:
/// - Every output lies in [-1, 1]: each base noise is scaled by its bound (derived where it can
///   be, measured and then clamped where it cannot) and fractals are normalised by their
///   amplitude sums.
/// - Coordinates are `Double` and split into lattice cell and fraction before any other maths,
///   so noise at ±1e9 is as smooth and detailed as at the origin.
/// - With ``periodX`` / ``periodY`` set the noise tiles seamlessly: `sample(x: x + periodX, y: y)`
///   equals `sample(x: x, y: y)`.
/// - The same settings give the same bytes in debug and release builds and on any thread count.
public struct NoiseGenerator: Sendable, Hashable {
    /// The seed; each octave uses a seed derived from it. Default: `Seed(1337)`. Any 64-bit value.
    /// In JSON a number, or a string that is hashed (`"isles"`).
    public var seed = Seed(1337 as UInt64)

    /// Lattice cells per unit of sample coordinates: features are about `1 / frequency` units
    /// wide. Default: 0.01. Range: greater than 0, at most 1e6.
    public var frequency = 0.01

    /// The base noise. Default: ``NoiseType/openSimplex2``.
    public var noiseType = NoiseType.openSimplex2

    /// The rotation applied to 3D samples. Default: ``RotationType3D/none``.
    public var rotationType3D = RotationType3D.none

    /// How octaves combine. Default: ``FractalType/none`` (one octave).
    public var fractalType = FractalType.none

    /// Octaves for fractal types. Default: 3. Range: 1...16.
    public var octaves = 3

    /// Frequency multiplier from one octave to the next. Default: 2. Range: 0.1...16.
    public var lacunarity = 2.0

    /// Amplitude multiplier from one octave to the next. Default: 0.5. Range: 0...4.
    public var gain = 0.5

    /// How much a low value of one octave quietens the next (0 = not at all): smooth valleys,
    /// rough peaks. Default: 0. Range: 0...1.
    public var weightedStrength = 0.0

    /// How many times the ping-pong fractal folds each octave. Default: 2. Range: 0.1...64.
    public var pingPongStrength = 2.0

    /// Distance measure for cellular noise. Default: ``CellularDistanceFunction/euclideanSq``.
    public var cellularDistanceFunction = CellularDistanceFunction.euclideanSq

    /// What cellular noise returns. Default: ``CellularReturnType/distance``.
    public var cellularReturnType = CellularReturnType.distance

    /// How far feature points stray from their cell centres (0 = a regular grid). Default: 1.
    /// Range: 0...1.
    ///
    /// At jitter 1 a point strays up to 0.45 cells. The 3×3 cells around a sample are searched,
    /// so, as in FastNoiseLite, at high jitter the true nearest (below about 0.88) or
    /// second-nearest (above about 0.55) point can in rare layouts lie beyond them, leaving a
    /// faint crease.
    public var cellularJitter = 1.0

    /// The noise that drives ``warp(x:y:)``. Default: ``DomainWarpType/openSimplex2``.
    public var domainWarpType = DomainWarpType.openSimplex2

    /// The largest displacement ``warp(x:y:)`` applies on each axis, in sample coordinates.
    /// Default: 30. Range: 0...1e9.
    public var domainWarpAmplitude = 30.0

    /// When set, the noise repeats every `periodX` units along x (2D sampling and fills).
    ///
    /// The lattice wraps, so the seam is exact: the frequency of each octave is nudged so a
    /// whole number of lattice cells fits the period (at least one cell; a low frequency over a
    /// short period stretches the noise a little). Default: `nil` (no tiling). Range: > 0.
    public var periodX: Double?

    /// When set, the noise repeats every `periodY` units along y; see ``periodX``.
    /// Default: `nil`. Range: > 0.
    public var periodY: Double?

    /// A generator with every setting at its default.
    public init() {}

    /// A generator with the settings most often changed; the rest keep their defaults.
    public init(
        seed: Seed = Seed(1337 as UInt64), noiseType: NoiseType = .openSimplex2, frequency: Double = 0.01,
        fractalType: FractalType = .none, octaves: Int = 3
    ) {
        self.seed = seed
        self.noiseType = noiseType
        self.frequency = frequency
        self.fractalType = fractalType
        self.octaves = octaves
    }
}
