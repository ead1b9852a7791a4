import Foundation
import Loom
import Testing

/// Paths of the repository, from this file.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    static func fixture(_ name: String) -> String { path("Tests/LoomTests/Fixtures/\(name)") }
}

@Suite struct WorldLoadTests {
    @Test func brokenLuaIsLocatedInWorldLua() throws {
        do {
            _ = try World.load(from: Repository.fixture("broken-lua"))
            Issue.record("expected an error")
        } catch let error as LoomError {
            #expect(error.location?.file == "world.lua")
            #expect(error.location?.line == 3)
            #expect(error.description.hasPrefix("world.lua:3:"))
        }
    }

    @Test func brokenYarnIsLocatedInItsFile() throws {
        do {
            _ = try World.load(from: Repository.fixture("broken-yarn"))
            Issue.record("expected an error")
        } catch let error as LoomError {
            let first = try #require(error.diagnostics.first)
            #expect(first.location?.file == "story/intro.yarn")
            #expect(first.location?.line == 3)
            #expect(error.description.contains("story/intro.yarn:3:"))
        }
    }

    @Test func brokenGrammarIsLocatedInGrammarJSON() throws {
        do {
            _ = try World.load(from: Repository.fixture("broken-grammar"))
            Issue.record("expected an error")
        } catch let error as LoomError {
            #expect(error.location?.file == "grammar.json")
            #expect(error.location?.line == 2)
        }
    }

    @Test func runtimeErrorsInGenerateAreLocated() throws {
        let world = try World.load(from: Repository.fixture("runtime-error"))
        do {
            _ = try world.generate()
            Issue.record("expected an error")
        } catch let error as LoomError {
            #expect(error.location?.file == "world.lua")
            #expect(error.location?.line == 5)
            #expect(error.message.contains("no tile named 'lava'"))
        }
    }

    @Test func aFolderWithoutWorldLuaIsAnError() {
        #expect(throws: LoomError.self) { try World.load(from: Repository.fixture("broken-lua/story")) }
        #expect(!World.isWorldFolder(Repository.fixture("broken-lua/story")))
        #expect(World.isWorldFolder(Repository.path("Worlds/isles")))
    }

    /// A world never changes: `reloaded()` reads the folder into a new one, and a broken file
    /// throws, located, leaving the old world as it was.
    @Test func reloadedReadsTheFilesIntoANewWorld() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-reload-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.copyItem(atPath: Repository.fixture("hooks"), toPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        let before = try world.generate().map.stableHash
        let script = (folder as NSString).appendingPathComponent("world.lua")
        let good = try AtomicFile.readText(script)
        try AtomicFile.write(Data(good.replacingOccurrences(of: "width = 8,", with: "width = 8,,").utf8), to: script)
        #expect {
            _ = try world.reloaded()
        } throws: { error in
            (error as? LoomError)?.location?.file == "world.lua"
        }
        #expect(world.definition.name == "hooks")
        #expect(try world.generate().map.stableHash == before)
        try AtomicFile.write(Data(good.replacingOccurrences(of: "width = 8,", with: "width = 9,").utf8), to: script)
        let again = try world.reloaded()
        #expect(try again.generate().map.width == 9)
        #expect(try world.generate().map.width == 8)
    }
}

@Suite struct WorldStoryHookTests {
    @Test func functionsCommandsVariablesAndListeners() throws {
        let world = try World.load(from: Repository.fixture("hooks"))
        let session = try world.play(try world.generate())
        #expect(session.tileMap.tiles("ground")?[4, 1] == 40)
        try session.start()
        try session.choose(0)
        #expect(session.tileMap.tiles("ground")?[4, 1] == 2)
        #expect(session.runner?.value(of: "$gate") == .string("wide"))
        try session.enter(Point(x: 7, y: 2))
        let gold = Int(try #require(session.facts["gold"]).numberValue)
        #expect(
            session.transcript == [
                "Oda guards \(gold) gold; twice that is \(gold * 2).", "  1. Open the gate", "  2. Wait",
                "> 1. Open the gate", "The gate is wide.", "I have said 2 lines before this one, after 2 options.",
                "-- (7, 2) hall",
                "The hall. Nodes started: 2.",
            ])
    }

    @Test func unhandledCommandsReachTheListener() throws {
        let world = try World.load(from: Repository.fixture("hooks"))
        let session = try world.play(try world.generate())
        try session.play(choices: [2])
        #expect(session.transcript.contains("<<shrug>>"))
        #expect(session.transcript.contains("unhandled: shrug"))
    }
}
