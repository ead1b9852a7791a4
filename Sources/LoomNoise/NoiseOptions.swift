import LoomCore

/// A family of noise settings spelled as strings in JSON and on the command line.
///
/// Decoding an unknown spelling fails with an error that lists every allowed value.
public protocol NoiseOption: RawRepresentable, CaseIterable, Codable, Sendable, Hashable
where RawValue == String {}

extension NoiseOption {
    /// Every allowed spelling, in declaration order, joined for error messages.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Parses a spelling, or explains which spellings exist.
    public static func parse(_ text: String, option: String) throws -> Self {
        guard let value = Self(rawValue: text) else {
            throw LoomError(.invalidArgument, "bad value '\(text)' for '\(option)'; expected one of: \(allowedValues)")
        }
        return value
    }

    /// Decodes a spelling; an unknown one fails with the list of allowed spellings.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown value '\(text)'; expected one of: \(Self.allowedValues)")
        }
        self = value
    }
}

/// The base noise a ``NoiseGenerator`` samples.
public enum NoiseType: String, NoiseOption {
    /// Gradient noise on a triangular lattice with a small kernel: fast, few grid artefacts. The default.
    case openSimplex2
    /// Gradient noise on the same lattice with a wider kernel: smoother, slower.
    case openSimplex2S
    /// Worley noise: distances to jittered feature points; see the `cellular…` settings.
    case cellular
    /// Classic gradient noise on a square lattice with quintic interpolation.
    case perlin
    /// Random lattice values joined by Catmull-Rom cubic interpolation.
    case valueCubic
    /// Random lattice values joined by smoothstep interpolation: the fastest, blockiest.
    case value
}

/// How octaves of noise combine.
public enum FractalType: String, NoiseOption {
    /// One octave.
    case none
    /// Fractional Brownian motion: octaves summed with falling amplitude.
    case fbm
    /// `1 - 2|noise|` per octave: sharp ridges, as for mountain ranges.
    case ridged
    /// Each octave folded back and forth (`pingPongStrength`): terraced bands.
    case pingPong
    /// For ``NoiseGenerator/warp(x:y:)`` only: each octave warps the coordinates the previous one
    /// warped. Sampling treats it as ``none``.
    case domainWarpProgressive
    /// For ``NoiseGenerator/warp(x:y:)`` only: every octave's offset is taken at the original
    /// coordinates and the offsets are summed. Sampling treats it as ``none``.
    case domainWarpIndependent
}

/// How cellular noise measures the distance to a feature point.
public enum CellularDistanceFunction: String, NoiseOption {
    /// Straight-line distance: round cells.
    case euclidean
    /// Squared straight-line distance: round cells with sharper centres; the default.
    case euclideanSq
    /// `|dx| + |dy|`: diamond-shaped cells.
    case manhattan
    /// Manhattan plus squared Euclidean: between the two.
    case hybrid
}

/// What cellular noise returns, from the nearest (F1) and second-nearest (F2) feature distances.
///
/// Every return type is scaled by its bound into [-1, 1].
public enum CellularReturnType: String, NoiseOption {
    /// A random value per cell, constant across the cell: a Voronoi mosaic.
    case cellValue
    /// F1, the default.
    case distance
    /// F2.
    case distance2
    /// (F1 + F2) / 2.
    case distance2Add
    /// F2 − F1: bright cell borders.
    case distance2Sub
    /// F1 × F2.
    case distance2Mul
    /// F1 / F2.
    case distance2Div
}

/// The noise that displaces coordinates in a domain warp.
public enum DomainWarpType: String, NoiseOption {
    /// Two (three in 3D) independent gradient noises on the triangular lattice; the default.
    case openSimplex2
    /// In 2D one gradient per lattice point drives both axes: about half the cost, slightly more
    /// regular. In 3D the same as ``openSimplex2``.
    case openSimplex2Reduced
    /// Smoothly interpolated random offsets on a square lattice: cheap and blocky.
    case basicGrid
}

/// A rotation applied to 3D coordinates so 2D slices of 3D noise show fewer lattice artefacts.
public enum RotationType3D: String, NoiseOption {
    /// No rotation; the default.
    case none
    /// Turns the lattice so XY planes (Z as time or depth) cut it evenly.
    case improveXYPlanes
    /// Turns the lattice so XZ planes (Y as height) cut it evenly.
    case improveXZPlanes
}
