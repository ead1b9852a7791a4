import Foundation
import Testing

/// `loom generate wfc --chunks … --anchor N`: a lattice sample's chunks join once anchored.
@Suite struct WFCAnchorCLITests {
    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func anchorsLetChessChunksJoin() throws {
        let out = NSTemporaryDirectory() + "loom-wfc-anchor-\(ProcessInfo.processInfo.processIdentifier).png"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let base = [
            "generate", "wfc", "--sample", WFCSamples.folder! + "/Chess.png", "--N", "2", "--chunks", "4x4", "--size",
            "12x12", "--seed", "1", "--out", out,
        ]
        let plain = try LoomProcess.run(base)
        #expect(plain.status != 0)
        #expect(plain.error.contains("have no solution, so nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let anchored = try LoomProcess.run(base + ["--anchor", "12"])
        #expect(anchored.status == 0, "\(anchored.error)")
        #expect(anchored.output.hasPrefix("wrote 4x4 wfc chunks of 12x12"))
        #expect(FileManager.default.fileExists(atPath: out))
    }
}
