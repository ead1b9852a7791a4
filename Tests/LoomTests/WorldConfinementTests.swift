import Foundation
import Loom
import Testing

/// A world reads only files inside its folder: `..`, absolute paths and symlinks leading out
/// are refused with an error naming the file and where it was named, never quoting its bytes.
@Suite struct WorldConfinementTests {
    let base: String
    let world: String
    /// A file outside the world whose bytes must never show up in an error.
    let secret: String

    static let worldLua = """
        return {
          name = "confined",
          generate = function(ctx) return loom.map(4, 4, "floor") end,
        }
        """

    init() throws {
        base = NSTemporaryDirectory() + "loom-confined-\(getpid())-\(UUID().uuidString.prefix(8))"
        world = base + "/world"
        secret = base + "/secret.txt"
        try FileManager.default.createDirectory(atPath: world + "/story", withIntermediateDirectories: true)
        try "root:x:0:0:SECRET-BYTES:/root:/bin/bash\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try Self.worldLua.write(toFile: world + "/world.lua", atomically: true, encoding: .utf8)
        try "title: Start\n---\nHello.\n===\n".write(
            toFile: world + "/story/start.yarn", atomically: true, encoding: .utf8)
    }

    func link(_ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: world + "/" + name, withDestinationPath: target)
    }

    func loadError() throws -> LoomError {
        let error = try #require(throws: LoomError.self) { try World.load(from: world) }
        #expect(!error.description.contains("SECRET"), "\(error.description)")
        #expect(!error.description.contains("root:x"), "\(error.description)")
        return error
    }

    func expectOutside(_ error: LoomError, file: String, subject: String) {
        #expect(error.location?.file == file, "\(error.description)")
        #expect(
            error.message
                == "\(subject) leads outside the world folder \(world); a world reads only files inside its folder "
                + "(no absolute paths, '..' or symlinks leading out)", "\(error.description)")
    }

    @Test func aWorldLoadsWithFilesInsideIt() throws {
        try FileManager.default.createDirectory(atPath: world + "/data", withIntermediateDirectories: true)
        try "the cave is dark. the cave is deep.\n".write(
            toFile: world + "/data/corpus.txt", atomically: true, encoding: .utf8)
        // A symlink that stays inside the world is fine.
        try link("corpus.txt", to: "data/corpus.txt")
        #expect(try World.load(from: world).corpusText?.contains("cave") == true)
    }

    @Test func symlinkedDataFilesLeadingOutAreRefused() throws {
        try link("corpus.txt", to: secret)
        expectOutside(try loadError(), file: "corpus.txt", subject: "'corpus.txt'")
    }

    @Test func aSymlinkedNamesFileIsRefused() throws {
        try FileManager.default.createDirectory(atPath: world + "/names", withIntermediateDirectories: true)
        try link("names/elves.txt", to: secret)
        expectOutside(try loadError(), file: "names/elves.txt", subject: "'names/elves.txt'")
    }

    @Test func aSymlinkedStoryOrScriptIsRefused() throws {
        try link("story/leak.yarn", to: secret)
        expectOutside(try loadError(), file: "story/leak.yarn", subject: "'story/leak.yarn'")
        try FileManager.default.removeItem(atPath: world + "/story/leak.yarn")
        try FileManager.default.removeItem(atPath: world + "/world.lua")
        try link("world.lua", to: secret)
        expectOutside(try loadError(), file: "world.lua", subject: "'world.lua'")
    }

    @Test(arguments: ["../secret.txt", "/etc/passwd", "tiles/../../secret.txt"])
    func aTilesetOutsideIsRefused(_ tileset: String) throws {
        let lua = Self.worldLua.replacingOccurrences(
            of: "name = \"confined\",", with: "name = \"confined\", tileset = \"\(tileset)\",")
        try lua.write(toFile: world + "/world.lua", atomically: true, encoding: .utf8)
        expectOutside(try loadError(), file: "world.lua", subject: "tileset '\(tileset)'")
    }

    @Test func aModelOutsideIsRefused() throws {
        let lua = Self.worldLua.replacingOccurrences(
            of: "name = \"confined\",", with: "name = \"confined\",\n  text = { model = \"../secret.txt\" },")
        try lua.write(toFile: world + "/world.lua", atomically: true, encoding: .utf8)
        let error = try loadError()
        expectOutside(error, file: "world.lua", subject: "text.model '../secret.txt'")
        #expect(error.location?.line == 3)
    }

    @Test func aFunctionReturningATableIsLocatedAtItsDefinition() throws {
        let lua = """
            local world = {
              name = "confined",
              generate = function(ctx) return loom.map(4, 4, "floor") end,
            }
            world.functions = {
              greet = { returns = "string", body = function()
                return { "not", "a", "string" }
              end },
            }
            return world
            """
        try lua.write(toFile: world + "/world.lua", atomically: true, encoding: .utf8)
        try "title: Start\n---\n{greet()}\n===\n".write(
            toFile: world + "/story/start.yarn", atomically: true, encoding: .utf8)
        let loaded = try World.load(from: world)
        let session = try loaded.play(try loaded.generate())
        let error = try #require(throws: LoomError.self) { try session.start() }
        #expect(error.description.contains("world.lua:6:"), "\(error.description)")
        #expect(
            error.description.contains(
                "function 'greet' returned a table, but it is declared to return a string"), "\(error.description)")
    }
}
