import Foundation
import Testing

@Suite struct LuaBenchTests {
    @Test func benchLuaMeasuresCallsIntoLua() throws {
        let result = try LoomProcess.run(["bench", "lua", "--json", "--seconds", "0.01", "--filter", "empty function"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["suite"] as? String == "lua")
        #expect(object["unit"] as? String == "M calls/s")
        #expect((object["median"] as? Double ?? 0) > 0)
    }
}
