/// The fractal settings resolved for sampling: clamped into range, with the amplitude sum that
/// normalises the result.
struct FractalSettings: Sendable {
    enum Mode: Sendable {
        case fbm
        case ridged
        case pingPong
    }

    var mode: Mode
    var octaves: Int
    var gain: Double
    var weightedStrength: Double
    var pingPongStrength: Double
    /// 1 / Σ gainᵒ: the sum of octaves never exceeds Σ gainᵒ in magnitude, since every octave
    /// lies in [-1, 1] and weighting only lowers amplitudes.
    var bounding: Double

    init(_ generator: NoiseGenerator) {
        switch generator.fractalType {
        case .none, .domainWarpProgressive, .domainWarpIndependent:
            mode = .fbm
            octaves = 1
        case .fbm:
            mode = .fbm
            octaves = generator.clampedOctaves
        case .ridged:
            mode = .ridged
            octaves = generator.clampedOctaves
        case .pingPong:
            mode = .pingPong
            octaves = generator.clampedOctaves
        }
        gain = generator.gain.clamped(to: 0...4, default: 0.5)
        weightedStrength = generator.weightedStrength.clamped(to: 0...1, default: 0)
        pingPongStrength = generator.pingPongStrength.clamped(to: 0.1...64, default: 2)
        bounding = Self.bounding(octaves: octaves, gain: gain)
    }

    static func bounding(octaves: Int, gain: Double) -> Double {
        var amplitude = 1.0
        var total = 0.0
        for _ in 0..<octaves {
            total += amplitude
            amplitude *= gain
        }
        return 1 / total
    }

    /// Adds octave value `n` to `sum` and steps `amplitude` to the next octave.
    @inline(__always)
    func fold(_ value: Double, _ sum: inout Double, _ amplitude: inout Double) {
        let n = clampUnit(value)
        switch mode {
        case .fbm:
            sum += n * amplitude
            amplitude *= gain * (1 + weightedStrength * ((n + 1) * 0.5 - 1))
        case .ridged:
            let a = abs(n)
            sum += (1 - 2 * a) * amplitude
            amplitude *= gain * (1 - weightedStrength * a)
        case .pingPong:
            let p = Self.pingPong((n + 1) * pingPongStrength)
            sum += (2 * p - 1) * amplitude
            amplitude *= gain * (1 + weightedStrength * (p - 1))
        }
    }

    /// A triangle wave in [0, 1] with period 2, for non-negative `t`.
    @inline(__always)
    static func pingPong(_ t: Double) -> Double {
        let folded = t - (t * 0.5).rounded(.towardZero) * 2
        return folded < 1 ? folded : 2 - folded
    }
}

/// The domain-warp settings resolved for warping.
struct WarpSettings: Sendable {
    var progressive: Bool
    var octaves: Int
    var gain: Double
    /// The first octave's displacement: amplitude / Σ gainᵒ, so all octaves together displace
    /// at most `domainWarpAmplitude` per axis.
    var amplitude: Double

    init(_ generator: NoiseGenerator) {
        switch generator.fractalType {
        case .domainWarpProgressive:
            progressive = true
            octaves = generator.clampedOctaves
        case .domainWarpIndependent:
            progressive = false
            octaves = generator.clampedOctaves
        default:
            progressive = false
            octaves = 1
        }
        gain = generator.gain.clamped(to: 0...4, default: 0.5)
        amplitude =
            generator.domainWarpAmplitude.clamped(to: 0...1e9, default: 30)
            * FractalSettings.bounding(octaves: octaves, gain: gain)
    }
}

extension Double {
    /// The value clamped into `range`; `fallback` when not a number.
    func clamped(to range: ClosedRange<Double>, default fallback: Double) -> Double {
        isNaN ? fallback : Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}

extension NoiseGenerator {
    var clampedOctaves: Int { Swift.min(Swift.max(octaves, 1), 16) }
    var clampedFrequency: Double { frequency.isFinite && frequency > 0 ? Swift.min(frequency, 1e6) : 0.01 }
    var clampedLacunarity: Double { lacunarity.clamped(to: 0.1...16, default: 2) }
    var isTiled: Bool { periodX != nil || periodY != nil }
}
