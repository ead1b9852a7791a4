import Foundation
import Testing

@Suite struct GenerateMapTests {
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loom-generate-tests-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test(arguments: ["terrain", "caves", "dungeon", "maze"])
    func writesEveryFormat(_ kind: String) throws {
        let folder = try Self.temporaryFolder()
        for format in ["png", "tmj", "json", "txt"] {
            let path = "\(folder)/\(kind).\(format)"
            let result = try LoomProcess.run(["generate", kind, "--seed", "7", "--size", "41x21", "--out", path])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("wrote \(kind) 41x21 (seed 7) to \(path)"))
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(FileManager.default.fileExists(atPath: "\(folder)/\(kind).tiles.png"))
        let text = try String(contentsOfFile: "\(folder)/\(kind).txt", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 21 && text.split(separator: "\n").allSatisfy { $0.count == 41 })
        // The same seed gives the same bytes.
        let again = "\(folder)/again.txt"
        _ = try LoomProcess.run(["generate", kind, "--seed", "7", "--size", "41x21", "--out", again])
        #expect(try String(contentsOfFile: again, encoding: .utf8) == text)
    }

    @Test func setOverridesParameters() throws {
        let result = try LoomProcess.run([
            "generate", "dungeon", "--size", "64x40", "--set", "algorithm=digger", "maximumSteps=10", "doors=false",
            "--list-parameters",
        ])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["algorithm"] as? String == "digger")
        #expect(object["maximumSteps"] as? Int == 10)
        #expect(object["doors"] as? Bool == false)
        #expect(object["width"] as? Int == 64 && object["height"] as? Int == 40)
    }

    @Test func terrainTakesNestedNoiseSettingsAndLayers() throws {
        let listed = try LoomProcess.run([
            "generate", "terrain", "--set", "elevation.octaves=2", "erosion.droplets=100", "shape=continents",
            "--list-parameters",
        ])
        #expect(listed.status == 0, "\(listed.error)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])
        #expect((object["elevation"] as? [String: Any])?["octaves"] as? Int == 2)
        #expect((object["erosion"] as? [String: Any])?["droplets"] as? Int == 100)
        #expect(object["shape"] as? String == "continents")
        let folder = try Self.temporaryFolder()
        let ground = try LoomProcess.run([
            "generate", "terrain", "--size", "48x32", "--set", "elevation.frequency=0.05", "--out", "\(folder)/g.txt",
        ])
        #expect(ground.status == 0, "\(ground.error)")
        let biome = try LoomProcess.run([
            "generate", "terrain", "--size", "48x32", "--set", "elevation.frequency=0.05", "--layer", "biome",
            "--out", "\(folder)/b.txt",
        ])
        #expect(biome.status == 0, "\(biome.error)")
        let unknown = try LoomProcess.run([
            "generate", "terrain", "--size", "48x32", "--layer", "sky", "--out", "\(folder)/s.txt",
        ])
        #expect(unknown.error.contains("the map has no tile layer 'sky'; it has: ground, biome"))
        let badKey = try LoomProcess.run(["generate", "terrain", "--set", "elevation.octavs=2", "--out", "x.png"])
        #expect(badKey.error.contains("unknown parameter 'elevation.octavs'; expected one of: altitudeCooling"))
        let badNoise = try LoomProcess.run(["generate", "terrain", "--set", "elevation.octaves=99", "--out", "x.png"])
        #expect(badNoise.status != 0 && badNoise.error.contains("octaves"), "\(badNoise.error)")
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var arguments: [String]
        var message: String
        var description: String { message }
    }

    static let badCases: [BadCase] = [
        BadCase(
            arguments: ["maze", "--set", "foo=1"],
            message: "error: unknown parameter 'foo'; expected one of: algorithm, braid, height, horizontalBias, width"),
        BadCase(
            arguments: ["maze", "--set", "algorithm=prim"],
            message: "error: 'prim' is not a valid algorithm; expected one of: backtracker, eller"),
        BadCase(
            arguments: ["caves", "--set", "fillProbability=lots"],
            message: "error: 'lots' is not a valid fillProbability; expected a value like 0.45"),
        BadCase(
            arguments: ["caves", "--set", "fillProbability=1.5"],
            message: "error: fillProbability is 1.5, expected a value in 0.0...1.0"),
        BadCase(
            arguments: ["caves", "--size", "64by32"],
            message: "error: --size '64by32' is not WIDTHxHEIGHT with positive integers, e.g. 128x64"),
        BadCase(
            arguments: ["dungeon", "--size", "0x10"],
            message: "error: --size '0x10' is not WIDTHxHEIGHT with positive integers, e.g. 128x64"),
        BadCase(
            arguments: ["dungeon", "--size", "8x8"],
            message: "error: width is 8, expected a value in 12...8192"),
        BadCase(
            arguments: ["caves", "--set", "rule=B9"],
            message:
                "error: invalid parameters: 'rule': rule 'B9' is not of the form B<digits>/S<digits> with digits 0-8, e.g. B678/S345678"
        ),
        BadCase(arguments: ["caves", "--set", "width"], message: "error: --set 'width' is not key=value"),
    ]

    @Test(arguments: badCases)
    func badInputGetsAClearError(_ bad: BadCase) throws {
        let folder = try Self.temporaryFolder()
        let result = try LoomProcess.run(["generate"] + bad.arguments + ["--out", "\(folder)/map.png"])
        #expect(result.status != 0)
        #expect(result.error.contains(bad.message), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/map.png"))
    }

    @Test func unknownExtensionsListTheFormats() throws {
        let result = try LoomProcess.run(["generate", "caves", "--out", "map.bmp"])
        #expect(result.status != 0)
        #expect(
            result.error.contains(
                "cannot tell the format of 'map.bmp' from its extension; expected one of: .png, .tmj, .json, .txt"))
    }
}
