import Foundation
import Loom
import Testing

/// A world that names its transformer in `world.lua`: loading, prompts from the story, the
/// cache across saves, determinism, and the errors of the `text` table.
@Suite struct WorldProseTests {
    static let story = """
        title: Start
        ---
        Warden: The crypt waits.
        The room {generate("The room", "is cold.")}
        -> Go down
            The stair {generate_n("The stair", "turns twice.", 5)}
        -> Stay
            You stay.
        The dust {generate("The dust", "settles.")}
        ===
        """

    static func worldLua(text: String) -> String {
        """
        local world = {
          name = "tiny", width = 8, height = 8, start = "Start",
          text = \(text),
        }
        function world.generate(ctx) return loom.map(ctx.width, ctx.height, "grassland"), { rooms = 3 } end
        return world

        """
    }

    static let standardText = """
        {
            model = "model.bin",
            max_tokens = 12,
            prompt = { facts = { "The crypt has {rooms} rooms." }, lines = 2 },
          }
        """

    /// A world folder with a llama2.c model (unless `model` is false) and `text` as its text table.
    static func world(_ name: String, text: String = standardText, model: Bool = true) throws -> String {
        let folder = try ProseTesting.folder(name)
        try FileManager.default.createDirectory(atPath: folder + "/story", withIntermediateDirectories: true)
        try worldLua(text: text).write(toFile: folder + "/world.lua", atomically: true, encoding: .utf8)
        try story.write(toFile: folder + "/story/tiny.yarn", atomically: true, encoding: .utf8)
        if model { try ProseTesting.writeLlama2c(to: folder + "/model.bin") }
        return folder
    }

    func play(_ folder: String, choices: [Int] = [1], debug: Bool = true) throws -> WorldSession {
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        session.showsTextSources = debug
        try session.start()
        for choice in choices { try session.choose(choice - 1) }
        return session
    }

    @Test func theWorldsModelWritesFromTheStoryPrompt() throws {
        let folder = try Self.world("writes")
        let world = try World.load(from: folder)
        #expect(world.warnings.isEmpty)
        #expect(world.text.prose is TransformerGenerator)
        #expect(world.text.proseName == "model.bin")
        #expect(world.files.contains(folder + "/model.bin"))
        let transcript = try play(folder).transcript
        let notes = transcript.filter { $0.hasPrefix("  [") }
        #expect(notes.count == 3, "\(transcript)")
        // The prompt: the fact sentence, the recent lines (without speakers), the instruction.
        #expect(
            notes[0]
                == #"  [generate: prose model.bin at Start@3#0] prompt: "The crypt has 3 rooms. The crypt waits. The room""#
        )
        // Later prompts see the lines said since, the chosen option among them.
        let room = try #require(transcript.first { $0.hasPrefix("The room ") })
        let stair = try #require(transcript.first { $0.hasPrefix("The stair ") })
        // Each line ends as a sentence: the option "Go down" reads "Go down.".
        #expect(
            notes[1] == #"  [generate_n: prose model.bin at Start@12#0] prompt: "The crypt has 3 rooms. "#
                + StoryPrompt.asSentence(room) + #" Go down. The stair""#)
        #expect(
            notes[2] == #"  [generate: prose model.bin at Start@19#0] prompt: "The crypt has 3 rooms. Go down. "#
                + StoryPrompt.asSentence(stair) + #" The dust""#)
        // generate_n's budget of 5 tokens.
        #expect(stair.count < "The stair ".count + 5 * 8)
    }

    @Test func twoLoadsPlayTheSameWords() throws {
        let folder = try Self.world("twice")
        let first = try play(folder, choices: [1]).transcript
        let second = try play(folder, choices: [1]).transcript
        #expect(first == second)
        #expect(try play(folder, choices: [2]).transcript != first)
        // Without debug notes the lines are the same.
        #expect(try play(folder, debug: false).transcript == first.filter { !$0.hasPrefix("  [") })
    }

    @Test func aSaveReproducesTheTransformersLinesAndItsPrompts() throws {
        let folder = try Self.world("save")
        let whole = try play(folder, choices: [1])

        let world = try World.load(from: folder)
        let first = try world.play(try world.generate())
        try first.start()
        let saved = try WorldSave.decode(try first.save().encoded())
        #expect(saved.story?.lineHistory.lines == ["Warden: The crypt waits.", first.lines[1]])
        #expect(saved.story?.lineHistory.count == 2)

        // A new load restores the save: the cached line stays, and the next prompts see the
        // same recent lines, so the rest matches an unbroken playthrough.
        let again = try World.load(from: folder)
        let second = try again.play(try again.generate())
        second.showsTextSources = true
        try second.load(saved)
        #expect(second.options.map(\.text) == ["Go down", "Stay"])
        try second.choose(0)
        let tail = Array(whole.transcript.drop { !$0.hasPrefix("> 1.") })
        #expect(second.transcript.prefix(first.transcript.count) == first.transcript[...])
        #expect(Array(second.transcript.dropFirst(first.transcript.count)) == tail)
        #expect(second.runner?.generatedText == whole.runner?.generatedText)
    }

    @Test func aGGUFModelCarriesItsOwnTokenizer() throws {
        let folder = try Self.world("gguf", text: #"{ model = "model.gguf" }"#, model: false)
        try ProseTesting.writeGGUF(to: folder + "/model.gguf")
        let world = try World.load(from: folder)
        #expect(world.warnings.isEmpty)
        let prose = try #require(world.text.prose as? TransformerGenerator)
        #expect(prose.tokenizer.vocabularySize == (try ProseTesting.tokenizer()).vocabularySize)
        #expect(world.text.proseName == "model.gguf")
        let transcript = try play(folder).transcript
        #expect(transcript.filter { $0.hasPrefix("  [generate: prose model.gguf at Start@") }.count == 2)
        #expect(transcript == (try play(folder).transcript))
        // Without a tokenizer in its metadata the file is rejected at `model`.
        try ProseTesting.writeGGUF(to: folder + "/model.gguf", tokenizer: false)
        #expect {
            _ = try World.load(from: folder)
        } throws: { error in
            (error as? LoomError)?.description.hasPrefix("world.lua:3:12: error: text.model: ") == true
                && (error as? LoomError)?.description.contains("tokenizer model '(none)' is not supported") == true
        }
    }

    @Test func reloadKeepsTheModel() throws {
        let folder = try Self.world("reload")
        let world = try World.load(from: folder).reloaded()
        #expect(world.text.prose is TransformerGenerator)
        let session = try world.play(try world.generate())
        try session.start()
        #expect(session.transcript.count >= 2)
    }

    @Test func aMissingModelWarnsAndTheStoryFallsBack() throws {
        let folder = try Self.world("missing", model: false)
        let world = try World.load(from: folder)
        #expect(world.text.prose == nil)
        #expect(world.warnings.count == 1)
        let warning = try #require(world.warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "world.lua", line: 4, column: 5))
        #expect(warning.message.hasPrefix("text.model: no model file at \(folder)/model.bin"))
        let transcript = try play(folder).transcript
        #expect(transcript.contains("The room is cold."))
        #expect(transcript.contains(#"  [generate: authored at Start@"#) == false)
        #expect(transcript.contains { $0.hasPrefix("  [generate: authored at Start@") })
    }

    @Test(arguments: [
        (
            #"{ model = "model.bin", required = true }"#, "missing",
            "world.lua:3:12: error: text.model: no model file at"
        ),
        (#"{ model = "model.bin", temperature = 12 }"#, "", "world.lua:3:33: error: text.temperature: must be 0...10"),
        (
            #"{ model = "model.bin", top_p = "high" }"#, "",
            "world.lua:3:33: error: text.top_p: expected a number, not a string"
        ),
        (
            #"{ model = "model.bin", colour = 1 }"#, "",
            "world.lua:3:33: error: text.colour: unknown key; expected one of: model,"
        ),
        (#"{ max_tokens = 3 }"#, "", "world.lua:3:3: error: text.model: is missing"),
        ("\"model.bin\"", "", "world.lua:3:3: error: text: expected a table such as"),
        (
            #"{ model = "model.bin", prompt = { lines = 40 } }"#, "",
            "world.lua:3:44: error: text.prompt.lines: must be 0...32"
        ),
        (
            #"{ model = "model.bin", prompt = { facts = { 3 } } }"#, "",
            "world.lua:3:44: error: text.prompt.facts: entry 1 is a number"
        ),
        (
            #"{ model = "model.bin", max_tokens = 2.5 }"#, "",
            "world.lua:3:33: error: text.max_tokens: expected a whole number, not 2.5"
        ),
        (#"{ model = "model.bin" }"#, "corrupt", "world.lua:3:12: error: text.model: "),
        (#"{ model = "model.bin" }"#, "notokenizer", "world.lua:3:12: error: text.model: no tokenizer file at"),
        (
            #"{ model = "model.bin", tokenizer = "t.bin" }"#, "",
            "world.lua:3:33: error: text.tokenizer: no tokenizer file at"
        ),
        (
            #"{ model = "model.bin", known_words = "yes" }"#, "",
            "world.lua:3:33: error: text.known_words: expected true or false, not a string"
        ),
    ])
    func textTableErrorsAreLocated(text: String, damage: String, expected: String) throws {
        let folder = try Self.world("errors", text: text, model: damage != "missing")
        switch damage {
        case "corrupt": try Data([1, 2, 3, 4, 5]).write(to: URL(fileURLWithPath: folder + "/model.bin"))
        case "notokenizer": try FileManager.default.removeItem(atPath: folder + "/tokenizer.bin")
        default: break
        }
        do {
            _ = try World.load(from: folder)
            Issue.record("loaded a world whose text table is wrong: \(text)")
        } catch let error as LoomError {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }
}
