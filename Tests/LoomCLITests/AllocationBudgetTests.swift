import Foundation
import Loom
import Testing

/// Size arguments whose allocation would be absurd are refused before anything is allocated,
/// with one line naming the option, the value and the budget; no size traps on overflow.
@Suite struct AllocationBudgetTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "loom-budget-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let colours = [RGBA(0, 0, 0), RGBA(220, 220, 220)]
        let grid = Grid<Int>(width: 8, height: 8) { x, y in (x / 2 + y / 2) % 2 }
        try RGBAImage(grid) { colours[$0] }.export(to: folder + "/checks.png")
    }

    /// Runs `loom` and returns its one-line error; the run must fail without a signal.
    func refusal(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let result = try LoomProcess.run(arguments, in: folder, environment: environment)
        #expect(result.status == 1, "status \(result.status): \(result.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.png"))
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "\(result.error)")
        return result.error
    }

    @Test func terrainScaleIsRefusedBeforeAllocating() throws {
        let error = try refusal(["generate", "terrain", "--size", "4096x4096", "--scale", "64", "--out", "out.png"])
        #expect(
            error.contains(
                "--scale 64 needs about 512 GiB (a PNG of 4096x4096 cells at 64x64 pixels each), over the memory "
                    + "budget of 4 GiB; set LOOM_MEMORY_BUDGET (e.g. LOOM_MEMORY_BUDGET=512G) to raise it"),
            "\(error)")
    }

    @Test func theBudgetIsSetByTheEnvironment() throws {
        let error = try refusal(
            ["generate", "caves", "--size", "512x512", "--out", "out.png"], environment: ["LOOM_MEMORY_BUDGET": "1M"])
        #expect(
            error.contains(
                "--size 512x512 needs about 8 MiB (a caves map of 512x512 cells), over the memory budget of 1 MiB"),
            "\(error)")
        let bad = try refusal(
            ["generate", "caves", "--out", "out.png"], environment: ["LOOM_MEMORY_BUDGET": "lots"])
        #expect(bad.contains("LOOM_MEMORY_BUDGET='lots' is not a byte count such as 8G, 512M or 1000000"))
        let allowed = try LoomProcess.run(
            ["generate", "caves", "--size", "32x32", "--out", "small.png"], in: folder,
            environment: ["LOOM_MEMORY_BUDGET": "1M"])
        #expect(allowed.status == 0, "\(allowed.error)")
    }

    @Test func markovSizeIsRefused() throws {
        let error = try refusal([
            "generate", "markov", "--examples", "checks.png", "--size", "100000x100000", "--out", "out.png",
        ])
        #expect(
            error.contains(
                "--size 100000x100000 needs about 298 GiB (a markov map of 100000x100000 cells), over the memory "
                    + "budget of 4 GiB"), "\(error)")
        let overflow = try refusal([
            "generate", "markov", "--examples", "checks.png", "--size", "4611686018427387904x4", "--out", "out.png",
        ])
        #expect(overflow.contains("--size 4611686018427387904x4 needs more memory than a 64-bit size can count"))
    }

    @Test func wfcSizeAndChunksAreRefused() throws {
        let size = try refusal(
            ["generate", "wfc", "--sample", "checks.png", "--size", "4000x4000", "--out", "out.png"],
            environment: ["LOOM_MEMORY_BUDGET": "1G"])
        #expect(size.contains("--size 4000x4000 needs about"), "\(size)")
        #expect(size.contains("(a wave of 4000x4000 cells over "), "\(size)")
        #expect(size.contains("over the memory budget of 1 GiB"), "\(size)")
        let huge = try refusal([
            "generate", "wfc", "--sample", "checks.png", "--size", "9223372036854775807x9223372036854775807",
            "--out", "out.png",
        ])
        #expect(huge.contains("needs more memory than a 64-bit size can count"), "\(huge)")
        let chunks = try refusal([
            "generate", "wfc", "--sample", "checks.png", "--chunks", "100000x100000", "--out", "out.png",
        ])
        #expect(chunks.contains("--chunks 100000x100000 needs about"), "\(chunks)")
        #expect(chunks.contains("over the memory budget of 4 GiB"), "\(chunks)")
    }

    @Test func chunkOriginFarOutIsRefusedNotTrapped() throws {
        let error = try refusal([
            "generate", "wfc", "--sample", "checks.png", "--chunks", "2x2", "--chunk-origin",
            "9223372036854775807,0", "--out", "out.png",
        ])
        #expect(
            error.contains(
                "--chunk-origin '9223372036854775807,0' with --chunks 2x2 leaves the world: chunk coordinates must "
                    + "stay within -45812984490...45812984490 for chunks of 24x24 cells"), "\(error)")
        let negative = try refusal([
            "generate", "wfc", "--sample", "checks.png", "--chunks", "2x2", "--chunk-origin",
            "0,-9223372036854775808", "--out", "out.png",
        ])
        #expect(negative.contains("leaves the world"), "\(negative)")
    }

    @Test func neuralSizeIsRefused() throws {
        let error = try refusal([
            "generate", "neural", "--model", "none.safetensors", "--size", "1000000x1000000", "--out", "out.png",
        ])
        #expect(
            error.contains("--size 1000000x1000000 needs about 58 TiB (a neural map of 1000000x1000000 cells)"),
            "\(error)")
    }
}
