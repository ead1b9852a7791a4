import Foundation
import Testing

/// `loom generate terrain` takes the drainage lattice's settings and range-checks them.
@Suite struct TerrainDrainageCLITests {
    @Test func drainageSettingsReachTheGenerator() throws {
        let listed = try LoomProcess.run([
            "generate", "terrain", "--set", "drainageSpacing=4", "drainageReach=20", "--list-parameters",
        ])
        #expect(listed.status == 0, "\(listed.error)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])
        #expect(object["drainageSpacing"] as? Int == 4 && object["drainageReach"] as? Int == 20)
        let help = try LoomProcess.run(["generate", "terrain", "--help"])
        #expect(help.output.contains("drainageSpacing") && help.output.contains("drainageReach"))
    }

    @Test func badDrainageSettingsAreRefused() throws {
        let result = try LoomProcess.run([
            "generate", "terrain", "--size", "32x32", "--set", "drainageSpacing=64", "--out", "never.png",
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("drainageSpacing is 64, expected a value in 2...32"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: "never.png"))
    }
}
