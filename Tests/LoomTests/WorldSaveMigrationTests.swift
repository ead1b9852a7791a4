import Foundation
import Loom
import Testing

/// World saves of format version 2 (written by `loom play … --save` before version 3, with the
/// story's recent lines under two keys of the generated text) load as version 3 saves: the same
/// save today's code writes for the same playthrough, for a Yarn world and an ink world.
@Suite("World save migration")
struct WorldSaveMigrationTests {
    /// `loom play Worlds/<name> --walk Worlds/<name>/walk.txt --choices 1 --no-text-model --save`
    /// today: the playthrough the fixture was saved from.
    static func freshSave(_ name: String) throws -> WorldSave {
        let world = try World.load(from: Repository.path("Worlds/\(name)"), textModel: false)
        let session = try world.play(try world.generate())
        let walk = WorldWalk.parse(try AtomicFile.readText(Repository.path("Worlds/\(name)/walk.txt")))
        _ = try session.play(walk: walk, choices: [1], stopsWhenChoicesRunOut: true)
        return try session.save()
    }

    @Test("a version 2 save loads as the version 3 save of the same playthrough", arguments: ["crypt", "lighthouse"])
    func versionTwoSavesMigrate(name: String) throws {
        let path = Repository.fixture("saves/\(name)-v2.json")
        let old = String(decoding: try AtomicFile.read(path), as: UTF8.self)
        #expect(old.contains(#""version":2"#) && old.contains(#""story-lines":"#))
        let migrated = try WorldSave.read(from: path)
        let fresh = try Self.freshSave(name)
        #expect(migrated == fresh)
        #expect(migrated.version == WorldSave.formatVersion)
        let history = try #require(name == "crypt" ? migrated.story?.lineHistory : migrated.ink?.lineHistory)
        #expect(!history.lines.isEmpty && history.count >= history.lines.count)
        #expect(!String(decoding: try migrated.encoded(), as: UTF8.self).contains("story-line"))

        // The migrated save plays on as the unbroken playthrough's save does.
        let world = try World.load(from: Repository.path("Worlds/\(name)"), textModel: false)
        let resumed = try world.resume(migrated)
        let again = try world.resume(fresh)
        for session in [resumed, again] where !session.options.isEmpty { try session.choose(0) }
        #expect(resumed.transcript == again.transcript)
        #expect(try resumed.save() == (try again.save()))
    }
}
