import Foundation
import LoomCore
import Testing

@Suite struct ErrorTests {
    @Test func printsFileLineColumn() {
        let error = LoomError(
            .syntax, "expected '>>' to close the command started at 12:1",
            at: SourceLocation(file: "story/intro.yarn", line: 12, column: 5))
        #expect(error.description == "story/intro.yarn:12:5: error: expected '>>' to close the command started at 12:1")
        #expect(LoomError(.io, "no such file").description == "error: no such file")
    }

    @Test func leadsWithTheFirstErrorAndKeepsTheRest() {
        let error = LoomError(
            .semantic,
            diagnostics: [
                Diagnostic(.warning, "unused variable", at: SourceLocation(file: "a.yarn", line: 1, column: 1)),
                Diagnostic(.error, "unknown node 'Nowhere'", at: SourceLocation(file: "a.yarn", line: 3, column: 8)),
            ])
        #expect(error.message == "unknown node 'Nowhere'")
        #expect(error.description == "a.yarn:3:8: error: unknown node 'Nowhere'\na.yarn:1:1: warning: unused variable")
    }

    @Test func atomicWriteReplacesWholeFileAndReportsBadFolders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-atomic-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.txt").path
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second", to: path)
        #expect(try AtomicFile.readText(path) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.txt"])
        let error = #expect(throws: LoomError.self) { try AtomicFile.write("x", to: "/nonexistent-loom/out.txt") }
        #expect(error?.message.hasPrefix("cannot write /nonexistent-loom/out.txt") == true)
        let missing = #expect(throws: LoomError.self) { try AtomicFile.read("/nonexistent-loom/in.txt") }
        #expect(missing?.message == "cannot read /nonexistent-loom/in.txt: no such file")
    }

    @Test func aKilledWritersTemporaryFileIsRemovedByTheNextWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-stale-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Int32.max is above any Linux pid_max, so no process has it; our own pid is alive.
        for name in [".out.txt.tmp-\(Int32.max)", ".out.txt.tmp-\(getppid())", ".other.txt.tmp-\(Int32.max)"] {
            #expect(
                FileManager.default.createFile(
                    atPath: folder.appendingPathComponent(name).path, contents: Data("x".utf8)))
        }
        try AtomicFile.write("fresh", to: folder.appendingPathComponent("out.txt").path)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == [".other.txt.tmp-\(Int32.max)", ".out.txt.tmp-\(getppid())", "out.txt"])
    }

    @Test func stableHasherIsPinned() {
        // FNV-1a 64 test vectors: "" and "a".
        #expect(StableHasher.hash(bytes: []) == 0xCBF2_9CE4_8422_2325)
        #expect(StableHasher.hash(bytes: Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
        var hasher = StableHasher()
        hasher.combine([1, 2, 3] as [UInt16])
        var other = StableHasher()
        other.combine([1, 2] as [UInt16])
        #expect(hasher.finalize() != other.finalize())
    }
}
