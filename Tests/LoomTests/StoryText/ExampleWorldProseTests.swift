import Foundation
import Loom
import Testing

/// The example worlds declare SmolLM2-135M-Instruct, prompted through its chat template; without
/// the model file they load with one warning and the n-gram model writes. A llama2.c model in its
/// place is continued as raw text from the story prompt.
@Suite struct ExampleWorldProseTests {
    static let smolLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"

    @Test(arguments: ["isles", "crypt"])
    func exampleWorldsDeclareSmolLM2(name: String) throws {
        let world = try World.load(from: Repository.path("Worlds/\(name)"))
        let settings = try #require(world.text.proseSettings)
        #expect(settings.model == Self.smolLM2)
        #expect(settings.candidates == 3 && settings.maxWords == 20 && settings.minP == 0.1)
        #expect(settings.voice.hasPrefix("You are the narrator of a"))
        #expect(world.text.model != nil, "the n-gram model of corpus.txt is the fallback")
        if WorldModels.smolLM2 != nil {
            #expect(world.text.chatWriter?.template == .chatml)
            #expect(world.warnings.isEmpty)
        } else {
            #expect(world.text.prose == nil && world.text.chatWriter == nil)
            let warning = try #require(world.warnings.first)
            #expect(world.warnings.count == 1)
            #expect(warning.message.contains("run Scripts/fetch-models"), "\(warning.message)")
            let source = try AtomicFile.readText(Repository.path("Worlds/\(name)/world.lua"))
            let line = try #require(
                source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                    $0.contains("model = \"\(Self.smolLM2)\"")
                })
            #expect(warning.location == SourceLocation(file: "world.lua", line: line + 1, column: 5))
        }
    }

    /// A copy of an example world whose `text.model` is a small random llama2.c model (a
    /// context of 512 tokens, so its character-level prompts are cut by the character budget alone).
    static func withModel(_ name: String) throws -> String {
        let folder = try ProseTesting.folder(name)
        let source = Repository.path("Worlds/\(name)")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: folder + "/" + name)
        }
        // The prompt of the raw path as it was tuned for small models: two lines, 320 characters.
        let lua = try AtomicFile.readText(folder + "/world.lua")
            .replacingOccurrences(of: smolLM2, with: "model.bin").replacingOccurrences(
                of: "lines = 3,", with: "lines = 2,"
            )
            .replacingOccurrences(of: "characters = 600,", with: "characters = 320,")
        try lua.write(toFile: folder + "/world.lua", atomically: true, encoding: .utf8)
        try ProseTesting.writeLlama2c(to: folder + "/model.bin", sequenceLength: 512)
        return folder
    }

    @Test func theCryptPromptsItsTransformerWithItsFacts() throws {
        let folder = try Self.withModel("crypt")
        let world = try World.load(from: folder)
        #expect(world.warnings.isEmpty)
        let session = try world.play(try world.generate())
        session.showsTextSources = true
        let walk = WorldWalk.parse(try AtomicFile.readText(folder + "/walk.txt"))
        let transcript = try session.play(walk: walk, choices: [1, 1])
        let notes = transcript.filter { $0.hasPrefix("  [generate") }
        #expect(notes.count == 3, "\(transcript.joined(separator: "\n"))")
        #expect(notes.allSatisfy { $0.hasPrefix("  [generate: prose model.bin at Room.") })
        // The entrance: the facts (the role is a story variable), the last two lines, the instruction.
        let entrance = try #require(transcript.firstIndex { $0.hasPrefix("  [generate") })
        #expect(
            transcript[entrance].hasSuffix(
                #"prompt: "The crypt lies beneath the hill. 24 rooms lie below. This room is the Entrance. "#
                    + #"Only the prayer from the chapel opens it. Find the chapel. "#
                    + transcript[entrance - 1] + #" The air""#))
        #expect(transcript[entrance + 1].hasPrefix("The air "))
        // Every prompt keeps to the 320-character budget.
        for note in notes {
            let prompt = note[note.range(of: "prompt: \"")!.upperBound...].dropLast()
            #expect(prompt.count <= 320)
        }
        // Two playthroughs write the same words.
        let again = try World.load(from: folder)
        let second = try again.play(try again.generate())
        second.showsTextSources = true
        #expect(try second.play(walk: walk, choices: [1, 1]) == transcript)
    }

    @Test func theIslesPromptNameTheIslandsAndTheCapital() throws {
        let folder = try Self.withModel("isles")
        let world = try World.load(from: folder)
        let generated = try world.generate()
        let session = try world.play(generated)
        session.showsTextSources = true
        let walk = WorldWalk.parse(try AtomicFile.readText(folder + "/walk.txt"))
        let transcript = try session.play(walk: walk, choices: [1, 1])
        let notes = transcript.filter { $0.hasPrefix("  [generate") }
        #expect(notes.count >= 2, "\(transcript.joined(separator: "\n"))")
        let islands = try #require(generated.facts["islands"]).description
        let capital = try #require(generated.facts["capital"]).description
        let opening =
            "prompt: \"\(islands) islands rise from the warm sea. The greatest town of the isles is \(capital). "
        for note in notes {
            // A banned word in every sample hands a line to the n-gram model; the prompt is the same.
            #expect(note.contains(": prose model.bin at ") || note.contains(": ngram at "), "\(note)")
            if note.contains(": prose ") { #expect(note.contains(opening), "\(note)") }
        }
        #expect(notes.contains { $0.contains(": prose model.bin at ") })
    }
}
