import Foundation
import Testing

/// `loom check`, `loom play` and `loom story graph` as a user runs them.
@Suite struct StoryCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let harbour = root.appendingPathComponent("Tests/LoomStoryTests/Fixtures/Harbour.yarn").path

    /// `../shared/conformance/yarn/TestCases`, from the repository root or an enclosing folder.
    static let cases: URL? = {
        var folder = root.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("shared/conformance/yarn/TestCases")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    @Test func checkReportsEveryErrorAndFails() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("loom-check-\(getpid()).yarn")
        try "title: Start\n---\n<<set $a = >>\n{$nothing}\n===\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try LoomProcess.run(["check", file.path])
        #expect(result.status != 0)
        #expect(result.error.contains("\(file.path):3:12: error: expected an expression"))
        #expect(result.error.contains("\(file.path):4:2: error:"))
        let ok = try LoomProcess.run(["check", Self.harbour])
        #expect(ok.status == 0)
        #expect(ok.output.contains("ok: 4 nodes"))
    }

    @Test func playWithChoicesPrintsTheTranscript() throws {
        let result = try LoomProcess.run(["play", Self.harbour, "--choices", "2", "--seed", "3"])
        #expect(result.status == 0)
        #expect(
            result.output.contains(
                "  3. Ask about ships (unavailable)\n  4. Leave\n> 2\nKeeper: Haggle with me? Out!\n"))
        #expect(result.output.hasSuffix("Barkeep: I heard you made a scene at the harbour.\n"))
    }

    @Test func playReadsChoicesFromStandardInput() throws {
        let process = Process()
        process.executableURL = LoomProcess.productsFolder.appendingPathComponent("loom")
        process.arguments = ["play", Self.harbour]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("x\n3\n4\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("type an option number"))
        #expect(text.contains("option 3 is not available"))
        #expect(text.contains("Keeper: And stay out.") == false)
        #expect(text.hasSuffix("Barkeep: What'll it be?\n"))
    }

    @Test(
        .enabled(if: cases != nil, "../shared/conformance/yarn is absent"),
        arguments: ["Example", "Once", "NodeGroups", "ShortcutOptions", "FormatFunctions"])
    func testPlansPassThroughTheCommandLine(name: String) throws {
        let folder = try #require(Self.cases)
        let result = try LoomProcess.run([
            "play", folder.appendingPathComponent("\(name).yarn").path,
            "--testplan", folder.appendingPathComponent("\(name).testplan").path,
        ])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.hasPrefix("PASS"))
    }

    @Test func aMismatchingPlanFailsWithTheFirstMismatch() throws {
        let plan = FileManager.default.temporaryDirectory.appendingPathComponent("loom-plan-\(getpid()).testplan")
        try "line: `Narrator: The harbour smells of salt and tar.`\nline: `Wrong line`\n".write(
            to: plan, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: plan) }
        let result = try LoomProcess.run(["play", Self.harbour, "--testplan", plan.path])
        #expect(result.status != 0)
        #expect(
            result.output.contains(
                "\(plan.path):2: expected line `Wrong line`, got line `Narrator: You have never been here before.`"))
    }

    @Test(.enabled(if: cases != nil, "../shared/conformance/yarn is absent"))
    func parseFailuresAreRejectedByCheck() throws {
        let folder = try #require(Self.cases).appendingPathComponent("ParseFailures")
        let file = folder.appendingPathComponent("Enums-MustHaveUniqueCases.yarn").path
        let result = try LoomProcess.run(["check", file])
        #expect(result.status != 0)
        #expect(result.error.contains("\(file):6:12: error: enum 'Food' already has a case 'Orange'"))
    }

    @Test func graphExportsDotAndJSON() throws {
        let folder = FileManager.default.temporaryDirectory
        let dot = folder.appendingPathComponent("loom-graph-\(getpid()).dot")
        let json = folder.appendingPathComponent("loom-graph-\(getpid()).json")
        defer {
            try? FileManager.default.removeItem(at: dot)
            try? FileManager.default.removeItem(at: json)
        }
        #expect(try LoomProcess.run(["story", "graph", Self.harbour, "--out", dot.path]).status == 0)
        let text = try String(contentsOf: dot, encoding: .utf8)
        #expect(text.hasPrefix("digraph story {"))
        #expect(text.contains("\"Start\" -> \"Street\" [label=\"Haggle\"];"))
        #expect(try LoomProcess.run(["story", "graph", Self.harbour, "--out", json.path]).status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect((object?["nodes"] as? [Any])?.count == 6)
        #expect(try LoomProcess.run(["story", "graph", Self.harbour, "--out", "graph.png"]).status != 0)
    }
}
