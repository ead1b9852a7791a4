import Foundation
import Testing

@Suite struct RenderBenchTests {
    @Test func renderBenchDrawsFramesOffscreen() throws {
        let result = try LoomProcess.run(["bench", "render", "--json", "--seconds", "0.05", "--filter", "map ("])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["suite"] as? String == "render")
        #expect((object["name"] as? String)?.hasPrefix("frame 512x512@1280x720 map") == true)
        #expect(object["unit"] as? String == "frames/s")
        #expect((object["median"] as? Double ?? 0) > 0)
    }
}
