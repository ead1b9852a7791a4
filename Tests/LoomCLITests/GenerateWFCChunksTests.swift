import Foundation
import Testing

@Suite struct GenerateWFCChunksTests {
    let temporary = NSTemporaryDirectory() + "loom-wfc-chunks-\(ProcessInfo.processInfo.processIdentifier)"

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    /// A block of chunks comes out the same as the same chunks inside a larger block.
    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func chunkBlocksAgreeWhereTheyOverlap() throws {
        let tileset = WFCSamples.folder! + "/Circuit/data.xml"
        let small = temporary + "/small.txt", large = temporary + "/large.txt"
        for (chunks, origin, out) in [("1x1", "1,1", small), ("3x3", "0,0", large)] {
            let result = try LoomProcess.run([
                "generate", "wfc", "--tileset", tileset, "--subset", "Turnless", "--chunks", chunks,
                "--chunk-origin", origin, "--size", "8x6", "--seed", "8", "--out", out,
            ])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("wfc chunks of 8x6"))
        }
        let one = try String(contentsOfFile: small, encoding: .utf8).split(separator: "\n")
        let all = try String(contentsOfFile: large, encoding: .utf8).split(separator: "\n")
        #expect(one.count == 6 && all.count == 18)
        for (row, line) in one.enumerated() {
            #expect(Array(all[6 + row]).dropFirst(8).prefix(8) == Array(line)[...])
        }
    }

    @Test(.enabled(if: WFCSamples.folder != nil, "../shared/samples/wfc is absent"))
    func unjoinableChunksNameThemselvesAndWriteNothing() throws {
        let out = temporary + "/knots.txt"
        let result = try LoomProcess.run([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--subset", "TE",
            "--chunks", "4x4", "--size", "6x6", "--seed", "1", "--attempts", "2", "--out", out,
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("have no solution, so nothing was written"))
        #expect(result.error.contains("cannot join its neighbours"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let strip = try LoomProcess.run([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--strip", "--out", out,
        ])
        #expect(strip.status != 0)
        #expect(strip.error.contains("--strip needs --chunks"))
        // The same chunks framed all join.
        let framed = try LoomProcess.run([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--subset", "TE",
            "--chunks", "4x4", "--size", "6x6", "--seed", "1", "--attempts", "2", "--framed", "--out", out,
        ])
        #expect(framed.status == 0, "\(framed.error)")
        #expect(framed.output.hasPrefix("wrote 4x4 wfc chunks of 6x6"))
        #expect(FileManager.default.fileExists(atPath: out))
        let both = try LoomProcess.run([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--chunks", "2x1", "--strip",
            "--framed", "--out", out,
        ])
        #expect(both.status != 0)
        #expect(both.error.contains("--strip and --framed are two layouts"))
        let alone = try LoomProcess.run([
            "generate", "wfc", "--tileset", WFCSamples.folder! + "/Knots/data.xml", "--framed", "--out", out,
        ])
        #expect(alone.status != 0)
        #expect(alone.error.contains("--framed needs --chunks"))
    }
}
