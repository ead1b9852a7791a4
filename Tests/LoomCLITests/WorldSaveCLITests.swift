import Foundation
import Testing

/// `loom play WORLD --save F` and `--load F`: a playthrough saved in one process continues in
/// another as if it had never stopped.
@Suite struct WorldSaveCLITests {
    static let root = WorldCLITests.root

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("loom-save-\(getpid())-\(name)").path
    }

    @Test(arguments: ["isles", "crypt"])
    func aSavedPlaythroughContinuesInANewProcess(world name: String) throws {
        let save = temporary("\(name).json")
        defer { try? FileManager.default.removeItem(atPath: save) }
        let common = ["--walk", "Worlds/\(name)/walk.txt", "--no-text-model"]
        let first = try LoomProcess.run(
            ["play", "Worlds/\(name)", "--choices", "1", "--save", save] + common, in: Self.root)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.contains("saved to \(save)"))
        let second = try LoomProcess.run(
            ["play", "Worlds/\(name)", "--choices", "1", "--load", save] + common, in: Self.root)
        #expect(second.status == 0, "\(second.error)")
        let seed = name == "isles" ? 7 : 3
        #expect(first.output.hasPrefix("# \(name), seed \(seed)\n"))
        #expect(second.output.hasPrefix("# \(name), seed \(seed), continuing \(save)\n"))
        let snapshot = try String(
            contentsOfFile: Self.root + "/Tests/LoomTests/Snapshots/\(name)-playthrough-without-model.txt",
            encoding: .utf8)
        func body(_ output: String) -> String { String(output.drop { $0 != "\n" }.dropFirst()) }
        #expect(body(first.output) + body(second.output) == snapshot)
        #expect(!body(first.output).isEmpty && !body(second.output).isEmpty)
    }

    @Test func aSaveOfAnotherSeedOrACorruptFileIsRefused() throws {
        let save = temporary("seed.json")
        let corrupt = temporary("corrupt.json")
        defer { for path in [save, corrupt] { try? FileManager.default.removeItem(atPath: path) } }
        let made = try LoomProcess.run(
            ["play", "Worlds/isles", "--seed", "12", "--choices", "1", "--no-text-model", "--save", save], in: Self.root
        )
        #expect(made.status == 0, "\(made.error)")
        let other = try LoomProcess.run(
            ["play", "Worlds/isles", "--seed", "13", "--choices", "1", "--no-text-model", "--load", save], in: Self.root
        )
        #expect(other.status == 1)
        #expect(other.error.contains("error: this save is of world 'isles' at seed 12; the session is seed 13"))

        try "LOOMSTRY garbage".write(toFile: corrupt, atomically: true, encoding: .utf8)
        let bad = try LoomProcess.run(["play", "Worlds/isles", "--no-text-model", "--load", corrupt], in: Self.root)
        #expect(bad.status == 1)
        #expect(bad.error.hasPrefix("\(corrupt):1:1: error: \(corrupt) is not a Loom world save: "), "\(bad.error)")

        let story = try LoomProcess.run(
            ["play", "Tests/LoomTests/Fixtures/hooks/story/hooks.yarn", "--save", save], in: Self.root)
        #expect(story.status != 0)
        #expect(story.error.contains("--save and --load are for a world folder"))
    }
}
