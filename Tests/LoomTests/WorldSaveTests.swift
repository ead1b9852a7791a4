import Foundation
import Loom
import LoomStory
import Testing

/// Plays a world's walk action by action (start, each choice, each step entered), the way
/// ``WorldSession/play(walk:choices:)`` does, and after action `interruptAfter` saves, encodes,
/// decodes and continues in a new session of `resumeWorld`.
struct InterruptedPlay {
    var walk: WorldWalk
    /// Picks an option index (0-based) among the waiting options; `nil` stops choosing.
    var choose: (WorldSession, inout Int) -> Int?

    /// The transcript, with the save bytes taken at the interruption (if any).
    func run(
        _ world: World, interruptAfter: Int? = nil, resumeWorld: World? = nil
    ) throws -> (
        transcript: String, save: Data?
    ) {
        var session = try world.play(try world.generate())
        var actions = 0
        var chosen = 0
        var bytes: Data?
        func checkpoint() throws {
            actions += 1
            guard actions == interruptAfter else { return }
            let data = try session.save().encoded()
            bytes = data
            session = try (resumeWorld ?? world).resume(try WorldSave.decode(data))
        }
        func chooseWhileWaiting() throws {
            while !session.options.isEmpty, let index = choose(session, &chosen) {
                try session.choose(index)
                try checkpoint()
            }
        }
        try session.start()
        try checkpoint()
        try chooseWhileWaiting()
        for step in walk.steps {
            try session.enter(step)
            try checkpoint()
            try chooseWhileWaiting()
        }
        return (session.transcript.joined(separator: "\n") + "\n", bytes)
    }

    /// The world's `walk.txt` with option numbers `choices` (1-based), as the pinned
    /// playthroughs without the model take them.
    static func walkFile(of world: World, choices: [Int]) throws -> InterruptedPlay {
        let walk = WorldWalk.parse(
            try AtomicFile.readText((world.folder as NSString).appendingPathComponent("walk.txt")))
        return InterruptedPlay(walk: walk) { _, taken in
            guard taken < choices.count else { return nil }
            taken += 1
            return choices[taken - 1] - 1
        }
    }
}

@Suite("World saves")
struct WorldSaveTests {
    static func snapshot(_ name: String) throws -> String {
        try AtomicFile.readText(Repository.path("Tests/LoomTests/Snapshots/\(name)"))
    }

    /// Saving after any action and continuing in a fresh world gives the pinned playthrough:
    /// the story, its generated words, the map's edits and world.lua's `state` all come back.
    @Test(arguments: ["isles", "crypt"])
    func aSaveAnywhereContinuesThePinnedPlaythrough(world name: String) throws {
        let folder = try WorldModels.withoutModel(name)
        let world = try World.load(from: folder)
        let fresh = try World.load(from: folder)
        let play = try InterruptedPlay.walkFile(of: world, choices: [1, 1])
        let expected = try Self.snapshot("\(name)-playthrough-without-model.txt")
        #expect(try play.run(world).transcript == expected)
        // Stopping where the choices run out and continuing gives the same playthrough.
        let stopped = try world.play(try world.generate())
        try stopped.play(walk: play.walk, choices: [1], stopsWhenChoicesRunOut: true)
        let continued = try fresh.resume(try WorldSave.decode(try stopped.save().encoded()))
        #expect(try continued.play(walk: play.walk, choices: [1]).joined(separator: "\n") + "\n" == expected)
        for interruption in 1...7 {
            let (transcript, save) = try play.run(world, interruptAfter: interruption, resumeWorld: fresh)
            #expect(save != nil)
            #expect(transcript == expected, "saved after action \(interruption)")
        }
    }

    /// After a reload, "Found a town" founds it where the player stands (it printed `(Stead is
    /// founded at 0, 0)` when the player's position lived in a Lua local).
    @Test func theIslesPlayerComesBackWithTheSave() throws {
        let world = try World.load(from: try WorldModels.withoutModel("isles"))
        let session = try world.play(try world.generate())
        try session.play(walk: WorldWalk.parse(try AtomicFile.readText(world.folder + "/walk.txt")), choices: [1])
        let save = try session.save()
        #expect(save.player == WorldPlayer(position: Point(x: 38, y: 43), steps: 4))
        // The storylet of the open grass, a member of the node group `Wander`.
        #expect(save.currentNode == "Wander.5")
        let player: WorldSavedValue = .table([
            .init(key: .string("biome"), value: .string("grassland")), .init(key: .string("x"), value: .integer(38)),
            .init(key: .string("y"), value: .integer(43)),
        ])
        #expect(save.state == .table([.init(key: .string("player"), value: player)]))
        #expect(save.map.changesNothing)

        let resumed = try World.load(from: world.folder).resume(try WorldSave.decode(try save.encoded()))
        #expect(resumed.currentNode == "Wander.5")
        #expect(resumed.options.map(\.text) == session.options.map(\.text))
        #expect(resumed.transcript == session.transcript)
        try resumed.choose(0)
        #expect(resumed.transcript.suffix(2).first?.hasSuffix(" is founded at 38, 43)") == true)
        // The founded town is a map edit: one tile and one place, kept as a diff.
        let edited = try resumed.save()
        #expect(edited.map.tileLayers.map { $0.changes.count } == [1])
        #expect(edited.map.annotationCount == session.tileMap.annotations.count + 1)
        #expect(edited.map.annotations.map(\.index) == [session.tileMap.annotations.count])
        let again = try world.resume(edited)
        #expect(again.tileMap == resumed.tileMap)
        #expect(again.map.tileMap.annotations.last?.properties["role"] == .string("founded"))
    }

    /// Two sessions that did the same things write the same bytes.
    @Test(arguments: ["isles", "crypt"])
    func identicalSessionsGiveIdenticalSaves(world name: String) throws {
        let folder = try WorldModels.withoutModel(name)
        var saves: [Data] = []
        for _ in 0..<2 {
            let world = try World.load(from: folder)
            let session = try world.play(try world.generate())
            try session.play(walk: WorldWalk.parse(try AtomicFile.readText(folder + "/walk.txt")), choices: [1, 1])
            saves.append(try session.save().encoded())
        }
        #expect(saves[0] == saves[1])
        #expect(saves[0].count > 100)
    }

    @Test func aSaveOfAnotherSeedOrWorldIsRefused() throws {
        let isles = try World.load(from: Repository.path("Worlds/isles"), textModel: false)
        let seed12 = try isles.play(try isles.generate(seed: Seed(12)))
        try seed12.start()
        let save = try seed12.save()
        let seed13 = try isles.play(try isles.generate(seed: Seed(13)))
        #expect(throws: LoomError(.world, "this save is of world 'isles' at seed 12; the session is seed 13")) {
            try seed13.load(save)
        }
        #expect(seed13.transcript.isEmpty && !seed13.hasStarted)

        let crypt = try World.load(from: Repository.path("Worlds/crypt"), textModel: false)
        let cryptSession = try crypt.play(try crypt.generate())
        #expect(throws: LoomError(.world, "this save is of world 'isles'; the session plays 'crypt'")) {
            try cryptSession.load(save)
        }
        #expect(throws: LoomError(.world, "this save is of world 'isles'; this world is 'crypt'")) {
            _ = try crypt.resume(save)
        }

        // Another size of map.
        let small = try isles.play(try isles.generate(seed: Seed(12), size: Size(width: 64, height: 48)))
        #expect {
            try small.load(save)
        } throws: { error in
            (error as? LoomError)?.message.hasPrefix("this save's map (128x96, digest ") == true
                && (error as? LoomError)?.message.hasSuffix("it was generated at another size or with other parameters")
                    == true
        }
    }

    @Test func aSaveOfChangedFilesIsRefused() throws {
        let folder = try WorldModels.withoutModel("crypt")
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        try session.start()
        let save = try session.save()
        let corpus = folder + "/corpus.txt"
        try AtomicFile.write(try AtomicFile.readText(corpus) + "The candles gutter in the draught.\n", to: corpus)
        let changed = try World.load(from: folder)
        #expect(changed.digest != world.digest)
        #expect(
            throws: LoomError(
                .world,
                "this save is of world 'crypt' with files of digest \(world.digest); the world's files have changed "
                    + "since (digest \(changed.digest)), so the save cannot be continued")
        ) {
            _ = try changed.resume(save)
        }
    }

    /// The digest is a pure function of the files: the same in every process and for copies.
    @Test func theDigestIsStable() throws {
        let a = try World.load(from: Repository.path("Worlds/crypt"), textModel: false)
        let b = try World.load(from: try WorldModels.withoutModel("crypt"), textModel: false)
        #expect(a.digest.count == 16)
        // The copy differs only in world.lua's model name.
        #expect(a.digest != b.digest)
        #expect(try World.load(from: a.folder, textModel: false).digest == a.digest)
    }
}
