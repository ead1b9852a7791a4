import Foundation
import Loom
import Testing

/// Worlds whose story is ink (`story = "story/main.ink"` in world.lua): the same session, hooks,
/// saves and checks as a Yarn world's.
@Suite struct InkWorldTests {
    static func snapshot(_ name: String) throws -> String {
        try AtomicFile.readText(Repository.path("Tests/LoomTests/Snapshots/\(name)"))
    }

    /// A temporary world of `files` (path → text), removed by the caller.
    static func makeWorld(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loom-ink-world-\(getpid())-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = (folder as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(Data(text.utf8), to: path)
        }
        return folder
    }

    /// The hooks fixture written in ink plays exactly as the Yarn one: functions, facts as
    /// globals, `>>>` commands editing the map, listeners reading and setting variables, knots
    /// started by on_enter, and the transcript.
    @Test func theInkHooksWorldPlaysAsTheYarnOne() throws {
        var transcripts: [[String]] = []
        for name in ["hooks", "hooks-ink"] {
            let world = try World.load(from: Repository.fixture(name))
            let session = try world.play(try world.generate())
            #expect(session.tileMap.tiles("ground")?[4, 1] == 40)
            try session.start()
            #expect(session.options.map(\.text) == ["Open the gate", "Wait"])
            try session.choose(0)
            #expect(session.tileMap.tiles("ground")?[4, 1] == 2)
            #expect(session.storyPlayer.variable(name == "hooks" ? "$gate" : "gate") == .string("wide"))
            #expect(try session.enter(Point(x: 7, y: 2)) == "Hall")
            transcripts.append(session.transcript)
        }
        let world = try World.load(from: Repository.fixture("hooks-ink"))
        let gold = Int(try #require(try world.generate().facts["gold"]).numberValue)
        #expect(
            transcripts[1] == [
                "Oda guards \(gold) gold; twice that is \(gold * 2).", "  1. Open the gate", "  2. Wait",
                "> 1. Open the gate", "The gate is wide.", "I have said 2 lines before this one, after 2 options.",
                "-- (7, 2) hall",
                "The hall. Nodes started: 2.",
            ])
        #expect(transcripts[0] == transcripts[1])
        #expect(world.story.ink != nil && world.story.yarn == nil)
        #expect(world.story.nodeNames == ["Start", "Hall"])
    }

    /// A `>>>` line that names no command of the world is shown as written and reaches on_command.
    @Test func unhandledCommandsReachTheListener() throws {
        let world = try World.load(from: Repository.fixture("hooks-ink"))
        let session = try world.play(try world.generate())
        try session.play(choices: [2])
        #expect(session.transcript.contains(">>> shrug"))
        #expect(session.transcript.contains("unhandled: shrug"))
    }

    /// The shipped ink world's walk, pinned: knots started by place, `visited`, `say`, a Lua
    /// function, the text functions, facts as globals and a command that edits the map.
    @Test func theLighthousePlaythroughIsPinned() throws {
        let world = try World.load(from: Repository.path("Worlds/lighthouse"))
        #expect(world.warnings.isEmpty)
        let play = try InterruptedPlay.walkFile(of: world, choices: [1, 1, 1, 1])
        let transcript = try play.run(world).transcript
        #expect(transcript == (try Self.snapshot("lighthouse-playthrough.txt")))
        // The command lit the lamp on the live map.
        let session = try world.play(try world.generate())
        try session.play(walk: play.walk, choices: [1, 1, 1, 1])
        let lighthouse = try #require(session.tileMap.annotations.first { $0.name == "lighthouse" })
        let point = try #require(lighthouse.rect).center
        #expect(
            session.tileMap.tileset.tile(id: session.tileMap.tiles("ground")![point.x, point.y])?.name == "lamp-lit")
        #expect(session.storyPlayer.variable("lamp_lit") == .bool(true))
        #expect(session.inkRunner?.visitCount(atPath: "cottage") == 2)
    }

    /// Saving after any action and continuing in a freshly loaded world gives the same
    /// playthrough: the ink state, the text written, the map's edits and `state` come back.
    @Test func aSaveAnywhereContinuesThePlaythrough() throws {
        let world = try World.load(from: Repository.path("Worlds/lighthouse"))
        let fresh = try World.load(from: Repository.path("Worlds/lighthouse"))
        let play = try InterruptedPlay.walkFile(of: world, choices: [1, 1, 1, 1])
        let expected = try play.run(world).transcript
        for interruption in 1...9 {
            let (transcript, save) = try play.run(world, interruptAfter: interruption, resumeWorld: fresh)
            let bytes = try #require(save)
            let decoded = try WorldSave.decode(bytes)
            #expect(decoded.ink != nil && decoded.story == nil)
            #expect(transcript == expected, "saved after action \(interruption)")
        }
        // Identical sessions write identical bytes.
        var saves: [Data] = []
        for _ in 0..<2 {
            let session = try world.play(try world.generate())
            try session.play(walk: play.walk, choices: [1, 1])
            saves.append(try session.save().encoded())
        }
        #expect(saves[0] == saves[1])
    }

    @Test func aSaveOfTheOtherLanguageOrAnotherSeedIsRefused() throws {
        let world = try World.load(from: Repository.path("Worlds/lighthouse"))
        let session = try world.play(try world.generate())
        try session.start()
        var save = try session.save()
        #expect(throws: LoomError(.world, "this save is of world 'lighthouse' at seed 6; the session is seed 5")) {
            save.seed = Seed(6)
            try session.load(save)
        }
        save = try session.save()
        save.ink = nil
        #expect(
            throws: LoomError(.format, "the world save holds a Yarn story's state, but the world's story is ink")
        ) { try session.load(save) }
    }

    @Test func theLighthouseChecksClean() throws {
        let check = try #require(try World.checkInkStory(folder: Repository.path("Worlds/lighthouse")))
        #expect(check.diagnostics.map(\.description) == [])
        #expect(check.file == "story/main.ink")
        #expect(check.story?.knotNames == ["cottage", "cove", "lighthouse"])
        #expect(try World.checkInkStory(folder: Repository.path("Worlds/isles")) == nil)
    }

    static let worldLua = """
        return {
          name = "tiny",
          story = "story/main.ink",
          functions = {
            shout = { params = { "string", "number" }, returns = "string",
              body = function(text, times) return string.rep(string.upper(text), times, " ") end },
          },
          generate = function(ctx) return loom.map(4, 4, "floor"), { keeper = "Oda", gold = 12 } end,
        }
        """

    /// Errors in the ink story are located in its file when the world loads and when it is
    /// checked; an EXTERNAL the world does not define, and a call with the wrong number of
    /// arguments, are errors naming the function.
    @Test func inkErrorsAreLocated() throws {
        let broken = try Self.makeWorld([
            "world.lua": Self.worldLua, "story/main.ink": "Hello.\n-> nowhere\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: broken) }
        #expect {
            _ = try World.load(from: broken)
        } throws: { error in
            (error as? LoomError)?.diagnostics.first?.description
                == "story/main.ink:2:4: error: divert target not found: 'nowhere'"
        }
        let check = try #require(try World.checkInkStory(folder: broken))
        #expect(check.story == nil)
        #expect(check.diagnostics.first?.location?.file == "story/main.ink")
        #expect(check.diagnostics.first?.location?.line == 2)

        let unknown = try Self.makeWorld([
            "world.lua": Self.worldLua,
            "story/main.ink": "EXTERNAL nope(x)\nEXTERNAL shout(text)\n{nope(1)} {shout(\"a\")}\n-> END\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: unknown) }
        let problems = try #require(try World.checkInkStory(folder: unknown)).diagnostics.map(\.description)
        #expect(problems.count == 2)
        #expect(
            problems.contains(
                "story/main.ink: error: the story calls 'shout' with 1 argument (in 0), but the world's function takes 2"
            ))
        #expect(
            problems.contains {
                $0.hasPrefix(
                    "story/main.ink: error: the story calls the EXTERNAL function 'nope' (in 0), which the world does "
                        + "not define and the story has no fallback function for; the world's functions: fact, ")
            })
        #expect(throws: LoomError.self) { _ = try World.load(from: unknown) }
    }

    /// One function of world.lua, and a fact, bound through the world give the same text in
    /// an ink story as the same calls in a Yarn story.
    @Test func aWorldFunctionWritesTheSameTextInBothLanguages() throws {
        let ink = try Self.makeWorld([
            "world.lua": Self.worldLua,
            "story/main.ink": """
            EXTERNAL shout(text, times)
            EXTERNAL fact(name)
            VAR gold = 0
            {shout("gulls", 3)}, says {fact("keeper")}, who has {gold} gold.
            -> END

            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: ink) }
        let yarn = try Self.makeWorld([
            "world.lua": Self.worldLua.replacingOccurrences(of: "  story = \"story/main.ink\",\n", with: ""),
            "story/main.yarn": """
            title: Start
            ---
            <<declare $gold = 0>>
            {shout("gulls", 3)}, says {fact("keeper")}, who has {$gold} gold.
            ===

            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: yarn) }
        var transcripts: [[String]] = []
        for folder in [ink, yarn] {
            let world = try World.load(from: folder)
            let session = try world.play(try world.generate())
            try session.start()
            transcripts.append(session.transcript)
        }
        #expect(transcripts[0] == ["GULLS GULLS GULLS, says Oda, who has 12 gold."])
        #expect(transcripts[0] == transcripts[1])
    }
}

/// The other ways to name an ink story, and its runtime errors.
@Suite struct InkWorldStoryFileTests {
    /// A copy of the lighthouse whose world.lua is changed by `edit`.
    static func lighthouse(_ edit: (String) -> String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("loom-lighthouse-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Repository.path("Worlds/lighthouse"), toPath: folder)
        let script = folder + "/world.lua"
        try AtomicFile.write(Data(edit(try AtomicFile.readText(script)).utf8), to: script)
        return folder
    }

    /// inklecate's JSON plays as the source does: the world compiled to JSON and named by
    /// `story = "story/main.json"` gives the pinned playthrough.
    @Test func aPrecompiledJSONStoryPlaysTheSame() throws {
        let folder = try Self.lighthouse {
            $0.replacingOccurrences(of: "story = \"story/main.ink\"", with: "story = \"story/main.json\"")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let story = try InkCompiler.compile(file: folder + "/story/main.ink")
        try AtomicFile.write(Data(story.json().utf8), to: folder + "/story/main.json")
        let world = try World.load(from: folder)
        #expect(world.definition.storyFile == "story/main.json")
        let play = try InterruptedPlay.walkFile(of: world, choices: [1, 1, 1, 1])
        #expect(try play.run(world).transcript == (try InkWorldTests.snapshot("lighthouse-playthrough.txt")))
    }

    /// `start` names the knot a session starts at; a knot the story lacks is an error listing them.
    @Test func startNamesAKnot() throws {
        let folder = try Self.lighthouse {
            $0.replacingOccurrences(
                of: "  story = \"story/main.ink\",\n", with: "  story = \"story/main.ink\",\n  start = \"cove\",\n")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        try session.start()
        #expect(session.transcript.first == "The cove is a bite of black sand under the cliff.")
        #expect(session.currentNode == "cove")
        #expect(session.options.map(\.text) == ["Take the oil", "Leave it"])
        #expect(
            throws: LoomError(
                .runtime, "the story has no knot 'attic'; its knots: cottage, cove, lighthouse",
                at: SourceLocation(file: "story/main.ink"))
        ) { try session.start(node: "attic") }
    }

    /// A Lua function that fails inside the ink story stops it with an error naming the
    /// function, its world.lua line and the story file.
    @Test func aFailingWorldFunctionIsReported() throws {
        let folder = try Self.lighthouse {
            $0.replacingOccurrences(
                of: "body = function() return WEATHER[state.entered % #WEATHER + 1] end",
                with: "body = function() error(\"no barometer\") end")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        try session.play(walk: WorldWalk(steps: [.place("cottage")]), choices: [])
        #expect {
            try session.choose(1)
        } throws: { error in
            let error = try #require(error as? LoomError)
            return error.location?.file == "story/main.ink"
                && error.message.contains("weather() failed at world.lua:")
                && error.message.contains("no barometer")
        }
    }
}
