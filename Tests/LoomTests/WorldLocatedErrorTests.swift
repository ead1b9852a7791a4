import Foundation
import Loom
import Testing

/// A world's runtime errors say where they happened: the `.yarn` line of the call, and for Lua
/// the `world.lua` line too.
@Suite struct WorldLocatedErrorTests {
    static let lua = """
        return {
          name = "mine",
          width = 4,
          height = 4,
          generate = function(ctx) return loom.map(ctx.width, ctx.height, "floor") end,
          functions = {
            well = { returns = "string", body = function() error("the well is dry") end },
          },
          commands = {
            collapse = function(ctx)
              local roof = nil
              return roof.beam
            end,
          },
        }
        """

    static let story = """
        title: Start
        ---
        -> Go down the shaft
            Down here a miner called {name("miners")} waves.
        -> Draw water
            The bucket brings up {well()}.
        -> Knock on the props
            <<collapse>>
        ===
        """

    static func world() throws -> World {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-mine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("names"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("story"), withIntermediateDirectories: true)
        try AtomicFile.write(lua, to: folder.appendingPathComponent("world.lua").path)
        try AtomicFile.write(story, to: folder.appendingPathComponent("story/mine.yarn").path)
        try AtomicFile.write(
            "Brann\nDurga\nHolt\nKettle\nMorrow\nPike\nSable\nTamsin\n",
            to: folder.appendingPathComponent("names/miner.txt").path)
        return try World.load(from: folder.path)
    }

    func choose(_ option: Int) throws {
        let world = try Self.world()
        let session = try world.play(try world.generate())
        try session.start()
        try session.choose(option)
    }

    @Test func anUnknownNamingCultureNamesTheYarnLine() throws {
        #expect(
            throws: LoomError(
                .invalidArgument, "the world has no naming culture 'miners'; known: miner",
                at: SourceLocation(file: "story/mine.yarn", line: 4))
        ) { try choose(0) }
    }

    @Test func aFailingLuaFunctionNamesTheYarnLineAndTheLuaLine() throws {
        #expect(
            throws: LoomError(
                .runtime, "well() failed at world.lua:7: the well is dry",
                at: SourceLocation(file: "story/mine.yarn", line: 6))
        ) { try choose(1) }
    }

    @Test func aFailingLuaCommandNamesTheYarnLineAndTheLuaLine() throws {
        #expect {
            try choose(2)
        } throws: { error in
            let error = try #require(error as? LoomError)
            return error.location == SourceLocation(file: "story/mine.yarn", line: 8)
                && error.message.hasPrefix("<<collapse>> failed at world.lua:12: attempt to index a nil value")
        }
    }
}
