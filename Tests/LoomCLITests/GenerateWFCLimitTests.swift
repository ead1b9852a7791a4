import Foundation
import Testing

@Suite struct GenerateWFCLimitTests {
    let temporary = NSTemporaryDirectory() + "loom-wfc-limit-\(ProcessInfo.processInfo.processIdentifier)"

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func limitWritesAPartialPNG() throws {
        let out = temporary + "/village.png"
        let sample = WFCSamples.folder! + "/Village.png"
        let result = try LoomProcess.run([
            "generate", "wfc", "--sample", sample, "--symmetry", "2", "--periodic", "--size", "24x24", "--limit",
            "50", "--seed", "3", "--out", out,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("wrote a partial wfc 24x24"))
        #expect(result.output.contains("after 50 observations"))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let text = try LoomProcess.run([
            "generate", "wfc", "--sample", sample, "--limit", "50", "--out", temporary + "/village.txt",
        ])
        #expect(text.status != 0)
        #expect(text.error.contains("--limit needs a .png output"))
    }
}
