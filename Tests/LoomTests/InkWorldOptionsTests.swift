import Foundation
import LoomCore
import LoomStory
import Testing

@testable import Loom

/// A writer of generated options for tests: numbered options naming the instruction, and a
/// passage naming the option; counts its calls.
final class CountingOptionWriter: StoryOptionWriter {
    private(set) var calls = 0

    func writeOptions(_ request: GeneratedOptionsRequest) throws -> [String] {
        calls += 1
        let options = ["Mend the net", "Watch the sea", "Count the gulls"]
        return Array(options.prefix(request.call.count))
    }

    func writePassage(for option: String, request: GeneratedOptionsRequest, seed: Seed) throws -> [String] {
        calls += 1
        return ["You \(option.lowercased()) while the lamp burns."]
    }
}

/// `>>> generate_options` in an ink world: offered after the story's choices at the next
/// choice point, a chosen one's passage shown, saved and replayed exactly.
@Suite struct InkWorldOptionsTests {
    static let worldLua = """
        return {
          name = "lamp-room",
          story = "story/main.ink",
          width = 4,
          height = 4,
          seed = 1,
          generate = function(ctx) return loom.map(4, 4, "floor"), {} end,
        }
        """

    static let story = """
        VAR plan = ""
        The keeper waits in the lamp room.
        >>> generate_options "what the player might do in the lamp room" 2 $plan
        * [Light the lamp] The beam sweeps the sea.
        * [Leave] You go down the stairs.
        - Plan: {plan}.
        -> END
        """

    static func world(_ story: String = story) throws -> World {
        let folder = try InkWorldTests.makeWorld(["world.lua": worldLua, "story/main.ink": story])
        return try World.load(from: folder)
    }

    static func writer(of session: WorldSession) throws -> CountingOptionWriter {
        let writer = CountingOptionWriter()
        try #require(session.story as? InkSessionStory).optionWriter = writer
        return writer
    }

    @Test func generatedOptionsFollowTheChoicesAndLeadToAPassage() throws {
        let world = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: world.folder) }
        let session = try world.play(try world.generate())
        let writer = try Self.writer(of: session)
        try session.start()
        #expect(session.options.map(\.text) == ["Light the lamp", "Leave", "Mend the net", "Watch the sea"])
        #expect(session.options[2].tags.first == "generated")
        try session.choose(3)
        // The passage, then the story's own choices wait again; the option set $plan.
        #expect(session.options.map(\.text) == ["Light the lamp", "Leave"])
        try session.choose(0)
        #expect(
            session.transcript == [
                "The keeper waits in the lamp room.", "  1. Light the lamp", "  2. Leave", "  3. Mend the net",
                "  4. Watch the sea", "> 4. Watch the sea", "You watch the sea while the lamp burns.",
                "  1. Light the lamp", "  2. Leave", "> 1. Light the lamp", "The beam sweeps the sea.",
                "Plan: Watch the sea.",
            ])
        #expect(writer.calls == 2)
    }

    @Test func aLoadedSaveOffersTheSameOptionsWithoutWritingAgain() throws {
        let world = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: world.folder) }
        let session = try world.play(try world.generate())
        _ = try Self.writer(of: session)
        try session.start()
        let save = try WorldSave.decode(try session.save().encoded())
        // The resumed session's own writer has no model and would offer nothing: the options
        // come from the save.
        let resumed = try world.resume(save)
        #expect(resumed.options.map(\.text) == ["Light the lamp", "Leave", "Mend the net", "Watch the sea"])
        let spy = try Self.writer(of: resumed)
        try resumed.choose(2)
        try session.choose(2)
        #expect(resumed.lines.last == "You mend the net while the lamp burns.")
        #expect(spy.calls == 1)  // the passage only
        try resumed.choose(1)
        try session.choose(1)
        #expect(resumed.lines.suffix(2) == ["You go down the stairs.", "Plan: Mend the net."])
        #expect(resumed.lines.suffix(2) == session.lines.suffix(2))
    }

    @Test func withoutAModelOnlyTheStoryChoicesAreOffered() throws {
        let world = try Self.world()
        defer { try? FileManager.default.removeItem(atPath: world.folder) }
        let session = try world.play(try world.generate())
        try session.start()
        #expect(session.options.map(\.text) == ["Light the lamp", "Leave"])
    }

    @Test func aWrongCallIsALocatedError() throws {
        let bad = Self.story.replacingOccurrences(of: "2 $plan", with: "2 $nothing")
        let world = try Self.world(bad)
        defer { try? FileManager.default.removeItem(atPath: world.folder) }
        let session = try world.play(try world.generate())
        let error = #expect(throws: LoomError.self) { try session.start() }
        #expect(error?.description.contains("story/main.ink") == true)
        #expect(error?.message.contains("generate_options: the story declares no variable 'nothing'") == true)
        let about = Self.story.replacingOccurrences(of: "2 $plan", with: "2 about")
        let aboutWorld = try Self.world(about)
        defer { try? FileManager.default.removeItem(atPath: aboutWorld.folder) }
        let aboutError = #expect(throws: LoomError.self) {
            try aboutWorld.play(try aboutWorld.generate()).start()
        }
        #expect(aboutError?.message.contains("the about route is Yarn's") == true)
    }

    @Test(.enabled(if: WorldModels.smolLM2 != nil, WorldModels.absent))
    func smolLM2WritesOptionsAndTheSaveKeepsThem() throws {
        let model = try #require(WorldModels.smolLM2)
        let lua = Self.worldLua.replacingOccurrences(
            of: "  generate =",
            with: """
                  text = { model = "\(model)", candidates = 3, max_words = 20,
                    voice = "You are the narrator of a game about a lighthouse keeper. You write short, plain sentences." },
                  generate =
                """)
        let folder = try InkWorldTests.makeWorld(["world.lua": lua, "story/main.ink": Self.story])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        try session.start()
        let generated = session.options.filter { $0.tags.first == "generated" }
        #expect((1...2).contains(generated.count), "\(session.options.map(\.text))")
        #expect(session.options.prefix(2).map(\.text) == ["Light the lamp", "Leave"])
        let resumed = try world.resume(try session.save())
        #expect(resumed.options == session.options)
        try session.choose(2)
        #expect(session.options.map(\.text) == ["Light the lamp", "Leave"])
        #expect(session.storyPlayer.variable("plan") == .string(generated[0].text))
    }
}
