import Foundation
import Testing

/// `loom embed` and `loom play --free-text` as a user runs them.
@Suite struct FreeTextCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let hasModel = FileManager.default.fileExists(
        atPath: root.appendingPathComponent("Models/all-MiniLM-L6-v2/model.safetensors").path)
    static let absent: Comment = "Models/all-MiniLM-L6-v2 is absent; run Scripts/fetch-models"

    static let story = """
        title: Start
        ---
        Keeper: The storm is coming.
        -> Light the lamp #hint:lantern
            Keeper: The beam sweeps the sea.
        -> Bar the door <<if false>>
            Keeper: Never.
        -> Leave the lighthouse
            Keeper: Go, then.
        ===
        """

    /// Writes `text` to a temporary file and returns its path.
    static func file(_ text: String, _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-free-\(getpid())-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(.enabled(if: hasModel, absent))
    func embedPrintsVectorsAndSimilarities() throws {
        let vectors = try LoomProcess.run(["embed", "light the lamp", ""], in: Self.root.path)
        #expect(vectors.status == 0)
        let rows = vectors.output.split(separator: "\n")
        #expect(rows.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [Double]
        #expect(first?.count == 384)
        let matrix = try LoomProcess.run(
            ["embed", "--model", "Models/all-MiniLM-L6-v2", "--similarity", "light the lamp", "light the lamp"],
            in: Self.root.path)
        #expect(matrix.output == "[1.0000,1.0000]\n[1.0000,1.0000]\n")
    }

    @Test(.enabled(if: hasModel, absent))
    func playMatchesTypedText() throws {
        let yarn = try Self.file(Self.story, "keeper.yarn")
        let input = try Self.file("sing a song\n2\nI light the lamp and wait\n", "input.txt")
        let result = try LoomProcess.run(["play", yarn, "--free-text", "--input", input], in: Self.root.path)
        #expect(result.status == 0)
        #expect(
            result.output == """
                Keeper: The storm is coming.
                  1. Light the lamp
                  2. Bar the door (unavailable)
                  3. Leave the lighthouse
                (no option matches "sing a song")
                  1. Light the lamp
                  2. Bar the door (unavailable)
                  3. Leave the lighthouse
                (option 2 is not available)
                > 1. Light the lamp
                (matched "I light the lamp and wait", score 0.78)
                Keeper: The beam sweeps the sea.

                """)
    }

    @Test func withoutTheModelNumbersStillWork() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("loom-no-models-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let yarn = try Self.file(Self.story, "keeper2.yarn")
        let input = try Self.file("light the lamp\n3\n", "input2.txt")
        let result = try LoomProcess.run([
            "play", yarn, "--free-text", "--input", input, "--embedder", empty.path + "/all-MiniLM-L6-v2",
        ])
        #expect(result.status == 0)
        #expect(result.error.contains("free-text choices need the sentence model"))
        #expect(result.error.contains("Scripts/fetch-models"))
        #expect(result.output.contains("(free text needs the sentence model"))
        #expect(result.output.hasSuffix("> 3. Leave the lighthouse\nKeeper: Go, then.\n"))
    }

    @Test(.enabled(if: hasModel, absent))
    func worldPlayMatchesTypedText() throws {
        let input = try Self.file("tell me what is down there\n", "crypt.txt")
        let result = try LoomProcess.run(["play", "Worlds/crypt", "--free-text", "--input", input], in: Self.root.path)
        #expect(result.status == 0)
        #expect(result.output.contains("> 1. Ask about the vault\n(matched \"tell me what is down there\", score 0."))
        #expect(result.output.contains("Warden: Only the prayer from the chapel opens it."))
    }

    @Test(.enabled(if: hasModel, absent))
    func previewTextBoxChoosesTheOptionItMeans() throws {
        let script = try Self.file("1 key enter\n2 type what is down there\n3 key enter\n", "preview-input.txt")
        let result = try LoomProcess.run(
            ["preview", "Worlds/crypt", "--headless", "--frames", "5", "--input", script], in: Self.root.path)
        #expect(result.status == 0)
        // The typed text is the option's hint word for word.
        #expect(result.output.contains("> 1. Ask about the vault\n(matched \"what is down there\", score 1.00)"))
        #expect(result.output.contains("Warden: Only the prayer from the chapel opens it."))
    }

    static let inkStory = """
        The storm is coming.
        * [Light the lamp #hint:lantern]
            The beam sweeps the sea.
        * [Leave the lighthouse]
            Go, then.
        - -> END
        """

    @Test(.enabled(if: hasModel, absent))
    func playInkMatchesTypedText() throws {
        let ink = try Self.file(Self.inkStory, "keeper.ink")
        let input = try Self.file("sing a song\n5\nI light the lamp and wait\n", "ink-input.txt")
        let result = try LoomProcess.run(["play", ink, "--free-text", "--input", input], in: Self.root.path)
        #expect(result.status == 0)
        #expect(
            result.output == """
                The storm is coming.

                1: Light the lamp
                2: Leave the lighthouse
                ?> (no option matches "sing a song")

                1: Light the lamp
                2: Leave the lighthouse
                ?> (option 5 is not available)
                ?> (matched "I light the lamp and wait", score 0.78)
                The beam sweeps the sea.

                """)
    }

    @Test func playInkWithoutTheModelStillTakesNumbers() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("loom-no-models-ink-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let ink = try Self.file(Self.inkStory, "keeper2.ink")
        let input = try Self.file("light the lamp\n2\n", "ink-input2.txt")
        let result = try LoomProcess.run([
            "play", ink, "--free-text", "--input", input, "--embedder", empty.path + "/all-MiniLM-L6-v2",
        ])
        #expect(result.status == 0)
        #expect(result.error.contains("free-text choices need the sentence model"))
        #expect(result.output.contains("?> (free text needs the sentence model"))
        #expect(result.output.hasSuffix("?> Go, then.\n"))
    }

    @Test func freeTextRejectsChoices() throws {
        let result = try LoomProcess.run(["play", "x.yarn", "--free-text", "--choices", "1"])
        #expect(result.status != 0)
        #expect(result.error.contains("--free-text reads its input; leave out --choices"))
    }
}
