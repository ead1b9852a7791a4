import Foundation
import Testing

/// `loom play WORLD --text-sources`: which writer wrote each generated line, as a user sees it.
@Suite struct StoryTextCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func playNotesTheWriterOfEachGeneratedLine() throws {
        let result = try LoomProcess.run(
            ["play", "Worlds/crypt", "--choices", "1,1", "--walk", "Worlds/crypt/walk.txt", "--text-sources"],
            in: Self.root)
        #expect(result.status == 0, "\(result.error)")
        let notes = result.output.split(separator: "\n").filter { $0.hasPrefix("  [generate: ") }
        #expect(notes.count == 3, "\(result.output)")
        let model = Self.root + "/Models/SmolLM2-135M-Instruct.Q4_1.gguf"
        if FileManager.default.fileExists(atPath: model) {
            #expect(notes.allSatisfy { $0.contains("prose SmolLM2-135M-Instruct.Q4_1.gguf at Room.") }, "\(notes)")
            // Each candidate the chat writer drew, and the guard's verdict.
            #expect(result.output.contains("    candidate \"The air "), "\(result.output)")
        } else {
            // Without the model: a warning on standard error, and the n-gram model writes.
            #expect(result.error.hasPrefix("world.lua:"), "\(result.error)")
            #expect(result.error.contains("warning: text.model: no model file at"), "\(result.error)")
            #expect(notes.allSatisfy { $0.contains(": ngram at Room.") }, "\(notes)")
            #expect(notes.first?.hasSuffix(#"prompt: "The air""#) == true, "\(notes)")
        }
        // Without the flag the transcript has no notes.
        let plain = try LoomProcess.run(
            ["play", "Worlds/crypt", "--choices", "1,1", "--walk", "Worlds/crypt/walk.txt"], in: Self.root)
        #expect(plain.status == 0)
        #expect(!plain.output.contains("[generate"))
        let noteCount = result.output.split(separator: "\n").filter {
            $0.hasPrefix("  [") || $0.hasPrefix("    candidate ")
        }
        .count
        #expect(plain.output.split(separator: "\n").count == result.output.split(separator: "\n").count - noteCount)
    }
}
