import Foundation
import Loom
import Testing

@Suite struct NoiseCommandTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-noise-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesAGreyPNGOfTheRequestedSize() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("noise.png").path
        let result = try LoomProcess.run([
            "noise", "--type", "cellular", "--fractal", "fbm", "--octaves", "2", "--frequency", "0.05", "--seed", "7",
            "--size", "40x24", "--set", "cellularReturnType=distance2Sub", "--set", "periodX=40", "--out", out,
        ])
        #expect(result.status == 0, "\(result.error)")
        let image = try RGBAImage.load(from: out)
        #expect(image.width == 40 && image.height == 24)
        let pixel = image[3, 5]
        #expect(pixel.r == pixel.g && pixel.g == pixel.b && pixel.a == 255)
        // The same settings through the library give the same grey levels.
        var noise = NoiseGenerator(seed: Seed(7), noiseType: .cellular, frequency: 0.05, fractalType: .fbm, octaves: 2)
        noise.cellularReturnType = .distance2Sub
        noise.periodX = 40
        let value = noise.sample(x: 3, y: 5)
        #expect(abs(Double(pixel.r) - (value + 1) * 127.5) <= 1)
    }

    @Test func configFileSetsOnlyWhatItNames() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("noise.json")
        try Data(#"{"noiseType": "value", "seed": "isles", "frequency": 0.1}"#.utf8).write(to: config)
        let out = folder.appendingPathComponent("a.png").path
        let result = try LoomProcess.run([
            "noise", "--config", config.path, "--size", "16x16", "--print-hash", "--out", out,
        ])
        #expect(result.status == 0, "\(result.error)")
        var noise = NoiseGenerator(seed: Seed(text: "isles"), noiseType: .value, frequency: 0.1)
        noise.fractalType = .none
        var hasher = StableHasher()
        hasher.combine(noise.makeGrid(width: 16, height: 16).cells)
        #expect(result.output.contains("hash 0x\(String(hasher.finalize(), radix: 16, uppercase: true))"))
    }

    @Test func unknownKeysAndValuesListWhatIsAllowed() throws {
        let badKey = try LoomProcess.run(["noise", "--set", "octave=3", "--out", "/tmp/never.png"])
        #expect(badKey.status != 0)
        #expect(badKey.error.contains("unknown parameter 'octave'"))
        #expect(badKey.error.contains("octaves"))
        let badType = try LoomProcess.run(["noise", "--type", "simplex", "--out", "/tmp/never.png"])
        #expect(badType.status != 0)
        #expect(badType.error.contains("unknown value 'simplex'"))
        #expect(badType.error.contains("openSimplex2, openSimplex2S, cellular, perlin, valueCubic, value"))
        let badRange = try LoomProcess.run(["noise", "--octaves", "40", "--out", "/tmp/never.png"])
        #expect(badRange.status != 0)
        #expect(badRange.error.contains("'octaves' is 40.0; expected an integer in 1...16"))
        let badSize = try LoomProcess.run(["noise", "--size", "12", "--out", "/tmp/never.png"])
        #expect(badSize.error.contains("bad --size '12'"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.png"))
    }

    @Test func badConfigFileNamesTheFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("broken.json")
        try Data(#"{"noiseType": "perlin", "gian": 0.4}"#.utf8).write(to: config)
        let result = try LoomProcess.run([
            "noise", "--config", config.path, "--out", folder.appendingPathComponent("x.png").path,
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("broken.json"))
        #expect(result.error.contains("unknown key 'gian'"))
    }
}
