import Foundation
import Testing

/// `loom generate wfc --chunks …`: a lattice sample's chunks join, each taking the one phase
/// the rules' lattice gives a world position, with or without `--anchor N`.
@Suite struct WFCAnchorCLITests {
    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func chessChunksJoin() throws {
        let out = NSTemporaryDirectory() + "loom-wfc-anchor-\(ProcessInfo.processInfo.processIdentifier).png"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let base = [
            "generate", "wfc", "--sample", WFCSamples.folder! + "/Chess.png", "--N", "2", "--chunks", "4x4", "--size",
            "12x12", "--seed", "1", "--out", out,
        ]
        let plain = try LoomProcess.run(base)
        #expect(plain.status == 0, "\(plain.error)")
        let image = try Data(contentsOf: URL(fileURLWithPath: out))
        try FileManager.default.removeItem(atPath: out)
        let anchored = try LoomProcess.run(base + ["--anchor", "12"])
        #expect(anchored.status == 0, "\(anchored.error)")
        #expect(anchored.output.hasPrefix("wrote 4x4 wfc chunks of 12x12"))
        // A checkerboard has one filling per phase: both runs draw the same board.
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == image)
    }
}
