import Foundation
import Testing

@Suite struct TextSamplingCLITests {
    @Test func samplingOptionChoosesTheMode() throws {
        let folder = try TextCLITests.temporaryFolder()
        let model = folder + "/prose.ngram"
        let train = try LoomProcess.run([
            "train", "text", TextCLITests.fixture("prose.txt"), "--order", "3", "--out", model,
        ])
        #expect(train.status == 0, "\(train.error)")
        let base = ["generate", "text", "--model", model, "--seed", "5", "--count", "6", "--tokens", "30"]
        let plain = try LoomProcess.run(base)
        let observed = try LoomProcess.run(base + ["--sampling", "observed"])
        let interpolated = try LoomProcess.run(base + ["--sampling", "interpolated"])
        #expect(plain.status == 0 && observed.status == 0 && interpolated.status == 0, "\(interpolated.error)")
        #expect(plain.output == observed.output)
        #expect(interpolated.output.split(separator: "\n").count == 6)
        #expect(interpolated.output != observed.output)
        let bad = try LoomProcess.run(base + ["--sampling", "greedy"])
        #expect(bad.status != 0)
        #expect(bad.error.contains("--sampling must be observed or interpolated (got 'greedy')"))
    }
}
