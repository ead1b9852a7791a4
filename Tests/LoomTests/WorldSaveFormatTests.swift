import Foundation
import Loom
import Testing

/// What a world save refuses: corrupt, truncated and newer files, and Lua state it cannot hold.
@Suite("World save format")
struct WorldSaveFormatTests {
    static func cryptSave() throws -> Data {
        let world = try World.load(from: Repository.path("Worlds/crypt"), textModel: false)
        let session = try world.play(try world.generate())
        try session.play(walk: WorldWalk(steps: [.place("Entrance")]), choices: [1])
        return try session.save().encoded()
    }

    @Test func corruptBytesAreRefused() throws {
        #expect {
            _ = try WorldSave.decode(Data("LOOMSTRY\u{0}\u{1}".utf8), file: "slot.json")
        } throws: { error in
            let error = try #require(error as? LoomError)
            return error.kind == .format && error.message.hasPrefix("slot.json is not a Loom world save: ")
                && error.location?.file == "slot.json"
        }
        #expect(
            throws: LoomError(
                .format, "slot.json is not a Loom world save (no \"format\": \"loom-world-save\")",
                at: SourceLocation(file: "slot.json"))
        ) {
            _ = try WorldSave.decode(Data(#"{"version": 1}"#.utf8), file: "slot.json")
        }
    }

    @Test func aTruncatedSaveIsRefusedAtItsEnd() throws {
        let bytes = try Self.cryptSave()
        for length in [1, bytes.count / 3, bytes.count - 1] {
            #expect {
                _ = try WorldSave.decode(bytes.prefix(length), file: "slot.json")
            } throws: { error in
                let error = try #require(error as? LoomError)
                return error.kind == .format && error.message.hasPrefix("slot.json is not a Loom world save: ")
                    && error.location?.file == "slot.json" && (error.location?.line ?? 0) >= 1
            }
        }
    }

    @Test func aNewerOrOlderVersionIsRefused() throws {
        let text = String(decoding: try Self.cryptSave(), as: UTF8.self)
        #expect(text.contains(#""version":3"#))
        let newer = Data(text.replacingOccurrences(of: #""version":3"#, with: #""version":7"#).utf8)
        #expect(
            throws: LoomError(
                .format, "slot.json is a world save of format version 7, newer than this build's 3",
                at: SourceLocation(file: "slot.json"))
        ) { _ = try WorldSave.decode(newer, file: "slot.json") }
        let older = Data(text.replacingOccurrences(of: #""version":3"#, with: #""version":0"#).utf8)
        #expect(
            throws: LoomError(
                .format, "slot.json is a world save of format version 0, older than the oldest this build reads (1)",
                at: SourceLocation(file: "slot.json"))
        ) { _ = try WorldSave.decode(older, file: "slot.json") }
    }

    @Test func aMalformedFieldIsLocated() throws {
        let text = String(decoding: try Self.cryptSave(), as: UTF8.self)
        let broken = Data(text.replacingOccurrences(of: #""started":true"#, with: #""started":"yes""#).utf8)
        #expect {
            _ = try WorldSave.decode(broken, file: "slot.json")
        } throws: { error in
            let error = try #require(error as? LoomError)
            return error.kind == .format && error.message.hasPrefix("the world save is corrupt: ")
                && error.message.contains("'started'") && error.location?.file == "slot.json"
        }
    }

    @Test func aSaveRoundTripsThroughAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("loom-slot-\(UUID().uuidString).json")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let save = try WorldSave.decode(try Self.cryptSave())
        try save.write(to: path)
        #expect(try WorldSave.read(from: path) == save)
        #expect(try AtomicFile.read(path) == (try save.encoded()))
    }

    /// Saved Lua values come back exactly: integers stay integers, floats keep every bit
    /// (negative, tiny, infinite), and sequences stay sequences.
    @Test func savedLuaValuesRoundTrip() throws {
        let lua: LuaValue = .table(
            LuaTable(
                array: [.integer(38), .number(-0.1), .string("Stead")],
                anyFields: [
                    .string("flags"): .table(LuaTable(fields: ["open": .boolean(true)])),
                    .integer(10): .number(-Double.infinity), .string("tiny"): .number(4.9406564584124654e-324),
                ]))
        let saved = try WorldSavedValue(lua, path: "state", at: SourceLocation(file: "world.lua"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(saved)
        let decoded = try LocatedJSONDecoder().decode(WorldSavedValue.self, from: data, file: "state.json")
        #expect(decoded == saved)
        #expect(decoded.luaValue == lua)
    }

    /// A world whose `state` holds what a save cannot keep.
    static func world(state: String, onEnter: String = "") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("story"), withIntermediateDirectories: true)
        try AtomicFile.write(
            """
            local world = { name = "cellar", width = 4, height = 4 }
            function world.generate(ctx) return loom.map(ctx.width, ctx.height, "floor") end
            \(state)
            function world.on_enter(ctx, x, y, place)
              \(onEnter)
            end
            return world
            """, to: folder.appendingPathComponent("world.lua").path)
        try AtomicFile.write(
            "title: Start\n---\nA cellar.\n===\n", to: folder.appendingPathComponent("story/cellar.yarn").path)
        return folder.path
    }

    @Test func aFunctionInTheDeclaredStateIsALocatedError() throws {
        let folder = try Self.world(state: "state = {\n  hooks = { on_open = function() end },\n}")
        #expect(
            throws: LoomError(
                .world,
                "state.hooks.on_open is a function; the savable state holds only numbers, strings, booleans and "
                    + "tables of them", at: SourceLocation(file: "world.lua", line: 4))
        ) { _ = try World.load(from: folder) }
    }

    @Test func aUserdataPutInTheStateIsRefusedBySave() throws {
        let folder = try Self.world(state: "state = { visits = 0 }", onEnter: "state.where = ctx.map")
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        try session.start()
        _ = try session.save()
        try session.enter(Point(x: 1, y: 1))
        #expect(
            throws: LoomError(
                .world,
                "state.where is a userdata; the savable state holds only numbers, strings, booleans and "
                    + "tables of them", at: SourceLocation(file: "world.lua", line: 3, column: 1))
        ) { _ = try session.save() }
    }

    /// A session starts from the state world.lua declared, whatever an earlier session did.
    @Test func everySessionStartsFromTheDeclaredState() throws {
        let folder = try Self.world(state: "state = { visits = 0 }", onEnter: "state.visits = state.visits + 1")
        let world = try World.load(from: folder)
        let first = try world.play(try world.generate())
        try first.enter(Point(x: 0, y: 0))
        try first.enter(Point(x: 1, y: 0))
        #expect(try first.save().state == .table([.init(key: .string("visits"), value: .integer(2))]))
        let second = try world.play(try world.generate())
        #expect(try second.save().state == .table([.init(key: .string("visits"), value: .integer(0))]))
        #expect(second.player == WorldPlayer())
    }
}
