import Foundation
import Testing

@Suite struct LearnBenchTests {
    @Test func learnSuiteMeasuresATrainingStep() throws {
        let result = try LoomProcess.run(["bench", "learn", "--json", "--seconds", "0.01", "--filter", "MLP"])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["suite"] as? String == "learn")
        #expect(object["unit"] as? String == "steps/s")
        #expect((object["median"] as? Double ?? 0) > 0)
    }
}
