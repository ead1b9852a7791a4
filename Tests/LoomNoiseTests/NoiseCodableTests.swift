import Foundation
import LoomCore
import Testing

@testable import LoomNoise

@Suite struct NoiseCodableTests {
    static func decode(_ json: String) throws -> NoiseGenerator {
        try NoiseGenerator(json: Data(json.utf8), file: "noise.json")
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let noise = try Self.decode(#"{"frequency": 0.02, "fractalType": "ridged"}"#)
        var expected = NoiseGenerator()
        expected.frequency = 0.02
        expected.fractalType = .ridged
        #expect(noise == expected)
        #expect(try Self.decode("{}") == NoiseGenerator())
    }

    @Test func everySettingRoundTrips() throws {
        var noise = NoiseGenerator(
            seed: Seed(UInt64.max), noiseType: .cellular, frequency: 0.123, fractalType: .pingPong)
        noise.octaves = 7
        noise.lacunarity = 1.5
        noise.gain = 0.7
        noise.weightedStrength = 0.25
        noise.pingPongStrength = 3
        noise.cellularDistanceFunction = .hybrid
        noise.cellularReturnType = .distance2Mul
        noise.cellularJitter = 0.4
        noise.domainWarpType = .basicGrid
        noise.domainWarpAmplitude = 12
        noise.rotationType3D = .improveXZPlanes
        noise.periodX = 256
        noise.periodY = 128.5
        let data = try JSONEncoder().encode(noise)
        #expect(try NoiseGenerator(json: data) == noise)
    }

    @Test func seedsMayBeNumbersNegativeNumbersOrText() throws {
        #expect(try Self.decode(#"{"seed": 42}"#).seed == Seed(42 as UInt64))
        #expect(try Self.decode(#"{"seed": -1}"#).seed == Seed(-1))
        #expect(try Self.decode(#"{"seed": "isles"}"#).seed == Seed(text: "isles"))
    }

    @Test func errorsSayWhatIsAllowed() {
        let cases: [(String, String)] = [
            (#"{"octave": 3}"#, "unknown key 'octave'; expected one of: seed, frequency, noiseType"),
            (#"{"noiseType": "simplex"}"#, "unknown value 'simplex'; expected one of: openSimplex2, openSimplex2S"),
            (#"{"cellularReturnType": "dist"}"#, "expected one of: cellValue, distance, distance2, distance2Add"),
            (#"{"gain": 9}"#, "'gain' is 9.0; expected a number in 0...4"),
            (#"{"frequency": 0}"#, "'frequency' is 0.0; expected a number in (0, 1e6]"),
            (#"{"periodX": -5}"#, "'periodX' is -5.0; expected a positive number"),
            (#"{"octaves": "many"}"#, "'octaves': expected an integer"),
            (#"{"seed": [1]}"#, "expected an integer or a string for 'seed'"),
        ]
        for (json, message) in cases {
            do {
                _ = try Self.decode(json)
                Issue.record("\(json) decoded")
            } catch let error as LoomError {
                #expect(error.message.contains(message), "\(error.message)")
                #expect(error.location?.file == "noise.json")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func validateMatchesDecoding() {
        var noise = NoiseGenerator()
        #expect(throws: Never.self) { try noise.validate() }
        noise.weightedStrength = 2
        #expect(throws: LoomError.self) { try noise.validate() }
        // Sampling clamps instead of failing.
        let value = noise.sample(x: 1, y: 2)
        #expect(value >= -1 && value <= 1)
    }

    @Test func optionSpellingsParseWithListedAlternatives() throws {
        #expect(try NoiseType.parse("perlin", option: "type") == .perlin)
        #expect(throws: LoomError.self) { try FractalType.parse("fbn", option: "fractal") }
        #expect(CellularDistanceFunction.allowedValues == "euclidean, euclideanSq, manhattan, hybrid")
    }
}
