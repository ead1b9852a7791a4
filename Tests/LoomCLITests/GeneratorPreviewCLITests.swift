import Foundation
import Testing

/// The map generators' commands come from the registry: `loom generate KIND --help` lists the
/// generator's own parameters, and `loom preview KIND` previews it.
@Suite struct GeneratorPreviewCLITests {
    /// The help lists width and height first, then every other parameter with its names; a
    /// nested group as `group.*`.
    @Test func helpListsTheGeneratorsParameters() throws {
        let caves = try LoomProcess.run(["generate", "caves", "--help"])
        #expect(caves.status == 0, "\(caves.error)")
        let flat = caves.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "Parameters (--set key=value; --list-parameters shows their values): width, height, connection (join, "
                    + "keepLargest), fillProbability, iterations, minimumRegionSize, rule."), "\(flat)")
        let terrain = try LoomProcess.run(["generate", "terrain", "--help"])
        let terrainFlat = terrain.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(terrainFlat.contains("elevation.*") && terrainFlat.contains("shape (none, island, continents)"))
    }

    /// `loom preview caves --set …` runs headless with the parameters applied.
    @Test func previewingAGeneratorHeadless() throws {
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("loom-preview-caves-\(getpid()).png")
            .path
        defer { try? FileManager.default.removeItem(atPath: shot) }
        let result = try LoomProcess.run([
            "preview", "caves", "--headless", "--frames", "2", "--size", "64x48", "--set", "fillProbability=0.5",
            "--seed", "4", "--window", "320x240", "--screenshot", shot,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("# caves, seed 4, 2 frames"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: shot))
        let bad = try LoomProcess.run(["preview", "caves", "--headless", "--set", "fillProbability=2"])
        #expect(bad.status != 0 && bad.error.contains("fillProbability"), "\(bad.error)")
    }

    /// A world takes no --set: its world.lua sets its generators.
    @Test func aWorldRefusesSet() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let result = try LoomProcess.run(
            ["preview", "Worlds/isles", "--headless", "--frames", "1", "--set", "seaLevel=0.1"], in: root)
        #expect(result.status != 0 && result.error.contains("--set is for a map generator"), "\(result.error)")
    }
}

/// Help text that takes work to make (the noise keys, the benchmark suites, the generators'
/// parameters) is made when help is asked for, however it is asked, and only then (issue 24).
@Suite struct HelpOnRequestCLITests {
    @Test func theListsAppearWhenHelpIsAskedFor() throws {
        for arguments in [["noise", "--help"], ["noise", "-h"], ["help", "noise"]] {
            let noise = try LoomProcess.run(arguments)
            let flat = noise.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("Keys: seed, frequency, noiseType"), "\(arguments): \(flat)")
        }
        let bench = try LoomProcess.run(["bench", "--help"])
        let flat = bench.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Suites: core, noise, maps, wfc"), "\(flat)")
    }
}
