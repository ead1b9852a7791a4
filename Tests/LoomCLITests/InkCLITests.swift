import Foundation
import Testing

/// `loom ink compile`, and `loom play` / `loom check` with ink stories, as a user runs them.
@Suite struct InkCLITests {
    static let story = """
        Choose A or B:
        * A
          You took A.
        * B
        - -> DONE
        """

    private func temporary(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-ink-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func compileWritesJSONThatPlaysLikeTheSource() throws {
        let source = try temporary("choose.ink", Self.story)
        let json = source.deletingPathExtension().appendingPathExtension("json")
        let compiled = try LoomProcess.run(["ink", "compile", source.path, "-o", json.path])
        #expect(compiled.status == 0, "\(compiled.error)")
        let text = try String(contentsOf: json, encoding: .utf8)
        #expect(text.hasPrefix(#"{"inkVersion":21,"root":"#))
        let transcript = "Choose A or B:\n\n1: A\n2: B\n?> A\nYou took A.\n"
        for file in [source.path, json.path] {
            let played = try LoomProcess.run(["play", file, "--choices", "1"])
            #expect(played.status == 0)
            #expect(played.output == transcript)
        }
    }

    @Test func playReadsChoiceNumbersFromStandardInput() throws {
        let source = try temporary("stdin.ink", Self.story)
        let process = Process()
        process.executableURL = LoomProcess.productsFolder.appendingPathComponent("loom")
        process.arguments = ["ink", "play", source.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("2\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text == "Choose A or B:\n\n1: A\n2: B\n?> B\n")
    }

    @Test func checkReportsLocatedErrorsAndFails() throws {
        let bad = try temporary("bad.ink", "Hello {name\n-> nowhere\n")
        let result = try LoomProcess.run(["check", bad.path])
        #expect(result.status != 0)
        #expect(result.error.contains("\(bad.path):1:7: error: expected '}' to close the '{' opened at 1:7"))
        #expect(result.error.contains("\(bad.path):2:4: error: divert target not found: 'nowhere'"))
        let good = try temporary("good.ink", Self.story)
        let ok = try LoomProcess.run(["check", good.path])
        #expect(ok.status == 0)
        #expect(ok.output == "ok: 0 knots and functions\n")
    }

    @Test func runtimeErrorsPrintLikeInklecateAndFail() throws {
        let source = try temporary("runout.ink", "-> knot\n== knot\nText.\n")
        let result = try LoomProcess.run(["play", source.path])
        #expect(result.status != 0)
        #expect(result.output == "Text.\nRUNTIME ERROR: ran out of content. Do you need a '-> DONE' or '-> END'?\n")
        // The transcript stays inklecate's (ink-proof compares it with standard error); the
        // JSON Lines event says where it happened, located in the source.
        let json = try LoomProcess.run(["play", source.path, "--json"])
        #expect(json.status != 0)
        #expect(json.output.contains("\"location\":\"\(source.path):3:1\""))
    }
}
