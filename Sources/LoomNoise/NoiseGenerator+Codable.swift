import Foundation
import LoomCore

extension NoiseGenerator: Codable {
    /// Every JSON key, spelled as the property it sets.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case seed, frequency, noiseType, rotationType3D, fractalType, octaves, lacunarity, gain, weightedStrength
        case pingPongStrength, cellularDistanceFunction, cellularReturnType, cellularJitter, domainWarpType
        case domainWarpAmplitude, periodX, periodY
    }

    /// Every key ``init(from:)`` accepts, for error messages and help text.
    public static var allowedKeys: String { CodingKeys.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Decodes the keys present and keeps the default for every key missing, so a JSON file
    /// names only what it changes. An unknown key, an unknown enum spelling or a value out of
    /// range fails with an error that says what is allowed.
    public init(from decoder: Decoder) throws {
        self.init()
        let any = try decoder.container(keyedBy: AnyKey.self)
        for key in any.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: any,
                debugDescription: "unknown key '\(key.stringValue)'; expected one of: \(Self.allowedKeys)")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.seed) { seed = try Seed(from: c, forKey: .seed) }
        func read<V: Decodable>(_ key: CodingKeys, _ value: inout V) throws {
            if let decoded = try c.decodeIfPresent(V.self, forKey: key) { value = decoded }
        }
        try read(.frequency, &frequency)
        try read(.noiseType, &noiseType)
        try read(.rotationType3D, &rotationType3D)
        try read(.fractalType, &fractalType)
        try read(.octaves, &octaves)
        try read(.lacunarity, &lacunarity)
        try read(.gain, &gain)
        try read(.weightedStrength, &weightedStrength)
        try read(.pingPongStrength, &pingPongStrength)
        try read(.cellularDistanceFunction, &cellularDistanceFunction)
        try read(.cellularReturnType, &cellularReturnType)
        try read(.cellularJitter, &cellularJitter)
        try read(.domainWarpType, &domainWarpType)
        try read(.domainWarpAmplitude, &domainWarpAmplitude)
        periodX = try c.decodeIfPresent(Double.self, forKey: .periodX)
        periodY = try c.decodeIfPresent(Double.self, forKey: .periodY)
        if let problem = firstProblem {
            throw DecodingError.dataCorruptedError(
                forKey: problem.key, in: c, debugDescription: problem.message)
        }
    }

    /// Encodes every setting (the seed as its unsigned 64-bit value; unset periods left out).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seed.rawValue, forKey: .seed)
        try c.encode(frequency, forKey: .frequency)
        try c.encode(noiseType, forKey: .noiseType)
        try c.encode(rotationType3D, forKey: .rotationType3D)
        try c.encode(fractalType, forKey: .fractalType)
        try c.encode(octaves, forKey: .octaves)
        try c.encode(lacunarity, forKey: .lacunarity)
        try c.encode(gain, forKey: .gain)
        try c.encode(weightedStrength, forKey: .weightedStrength)
        try c.encode(pingPongStrength, forKey: .pingPongStrength)
        try c.encode(cellularDistanceFunction, forKey: .cellularDistanceFunction)
        try c.encode(cellularReturnType, forKey: .cellularReturnType)
        try c.encode(cellularJitter, forKey: .cellularJitter)
        try c.encode(domainWarpType, forKey: .domainWarpType)
        try c.encode(domainWarpAmplitude, forKey: .domainWarpAmplitude)
        try c.encodeIfPresent(periodX, forKey: .periodX)
        try c.encodeIfPresent(periodY, forKey: .periodY)
    }

    /// Checks every value against its documented range.
    ///
    /// Sampling clamps out-of-range values instead, so this is for configuration read from users.
    /// - Throws: `LoomError` of kind `invalidArgument` naming the setting and its range.
    public func validate() throws {
        if let problem = firstProblem { throw LoomError(.invalidArgument, problem.message) }
    }

    private var firstProblem: (key: CodingKeys, message: String)? {
        func check(_ key: CodingKeys, _ value: Double, _ ok: Bool, _ range: String) -> (CodingKeys, String)? {
            ok ? nil : (key, "'\(key.rawValue)' is \(value); expected \(range)")
        }
        let checks: [(CodingKeys, String)?] = [
            check(.frequency, frequency, frequency > 0 && frequency <= 1e6, "a number in (0, 1e6]"),
            check(.octaves, Double(octaves), (1...16).contains(octaves), "an integer in 1...16"),
            check(.lacunarity, lacunarity, (0.1...16).contains(lacunarity), "a number in 0.1...16"),
            check(.gain, gain, (0...4).contains(gain), "a number in 0...4"),
            check(.weightedStrength, weightedStrength, (0...1).contains(weightedStrength), "a number in 0...1"),
            check(.pingPongStrength, pingPongStrength, (0.1...64).contains(pingPongStrength), "a number in 0.1...64"),
            check(.cellularJitter, cellularJitter, (0...1).contains(cellularJitter), "a number in 0...1"),
            check(
                .domainWarpAmplitude, domainWarpAmplitude, (0...1e9).contains(domainWarpAmplitude),
                "a number in 0...1e9"),
            check(.periodX, periodX ?? 1, (periodX ?? 1) > 0 && (periodX ?? 1) < 1e15, "a positive number"),
            check(.periodY, periodY ?? 1, (periodY ?? 1) > 0 && (periodY ?? 1) < 1e15, "a positive number"),
        ]
        return checks.lazy.compactMap { $0 }.first.map { (key: $0.0, message: $0.1) }
    }

    /// Reads a generator from JSON text that names only the settings it changes.
    /// - Throws: `LoomError` of kind `format` naming `file` (when given), the key and what was expected.
    public init(json: Data, file: String? = nil) throws {
        do {
            self = try JSONDecoder().decode(NoiseGenerator.self, from: json)
        } catch let error as DecodingError {
            throw LoomError(.format, Self.describe(error), at: file.map { SourceLocation(file: $0) })
        }
    }

    /// Reads a generator from a JSON file; see ``init(json:file:)``.
    public static func load(from path: String) throws -> NoiseGenerator {
        try NoiseGenerator(json: try AtomicFile.read(path), file: path)
    }

    /// A one-line explanation of a decoding failure: where, and what was expected.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : "'\(keys.joined(separator: "."))': "
        }
        switch error {
        case .dataCorrupted(let context):
            return path(context) + context.debugDescription
        case .keyNotFound(let key, let context):
            return path(context) + "missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            let name = type == Double.self ? "a number" : type == Int.self ? "an integer" : "\(type)"
            return path(context) + "expected \(name) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return path(context) + "expected \(type), found null"
        @unknown default:
            return "\(error)"
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
