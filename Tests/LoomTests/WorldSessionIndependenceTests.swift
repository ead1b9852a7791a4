import Foundation
import Loom
import Testing

/// One scripted player: the action `play(walk:choices:)` would take next, one at a time.
final class ScriptedPlayer {
    let session: WorldSession
    let walk: WorldWalk
    var choices: [Int]
    var walked = 0

    init(_ session: WorldSession, walk: WorldWalk, choices: [Int]) {
        self.session = session
        self.walk = walk
        self.choices = choices
    }

    /// Takes one action; `false` when there is none left.
    func step() throws -> Bool {
        if !session.hasStarted {
            try session.start()
        } else if !session.options.isEmpty, !choices.isEmpty {
            try session.choose(choices.removeFirst() - 1)
        } else if walked < walk.steps.count {
            try session.enter(walk.steps[walked])
            walked += 1
        } else {
            return false
        }
        return true
    }
}

/// A world is content and a session is play: sessions of one world never see each other, and
/// any task may generate.
@Suite("World sessions")
struct WorldSessionIndependenceTests {
    /// Two sessions of one world, interleaved action by action with other choices and the walk
    /// in the other order, each give their solo transcript: no facts, story state, text
    /// binding, listener, player or Lua `state` leaks from one into the other.
    @Test(arguments: ["isles", "crypt"])
    func interleavedSessionsEachGiveTheirSoloTranscript(world name: String) throws {
        let world = try World.load(from: try WorldModels.withoutModel(name))
        let walk = WorldWalk.parse(try AtomicFile.readText(world.folder + "/walk.txt"))
        let reversed = WorldWalk(steps: walk.steps.reversed())
        func solo(_ walk: WorldWalk, _ choices: [Int]) throws -> [String] {
            try world.play(try world.generate()).play(walk: walk, choices: choices)
        }
        let a = ScriptedPlayer(try world.play(try world.generate()), walk: walk, choices: [1, 1])
        let b = ScriptedPlayer(try world.play(try world.generate()), walk: reversed, choices: [2, 1, 1])
        var moving = true
        while moving {
            let movedA = try a.step()
            let movedB = try b.step()
            moving = movedA || movedB
        }
        let expected = try AtomicFile.readText(
            Repository.path("Tests/LoomTests/Snapshots/\(name)-playthrough-without-model.txt"))
        #expect(a.session.transcript.joined(separator: "\n") + "\n" == expected)
        #expect(a.session.transcript == (try solo(walk, [1, 1])))
        #expect(b.session.transcript == (try solo(reversed, [2, 1, 1])))
        #expect(a.session.transcript != b.session.transcript)
    }

    /// A `@MainActor` game generates on another task, as the `World` documentation shows.
    @MainActor
    @Test func generatingOffTheMainActor() async throws {
        let world = try World.load(from: Repository.path("Worlds/crypt"), textModel: false)
        let generated = try await Task.detached { try world.generate(seed: Seed(12)) }.value
        #expect(generated.map == (try world.generate(seed: Seed(12))).map)
    }

    /// Generations on several tasks at once give what one after another give.
    @Test func concurrentGenerationsMatchSequentialOnes() async throws {
        let world = try World.load(from: Repository.path("Worlds/isles"), textModel: false)
        let seeds = (1...4).map { Seed($0) }
        let sequential = try seeds.map { try world.generate(seed: $0, size: Size(width: 64, height: 48)).map }
        let concurrent = try await withThrowingTaskGroup(of: (Int, TileMap).self) { group in
            for (index, seed) in seeds.enumerated() {
                group.addTask { (index, try world.generate(seed: seed, size: Size(width: 64, height: 48)).map) }
            }
            var maps = [TileMap?](repeating: nil, count: seeds.count)
            for try await (index, map) in group { maps[index] = map }
            return maps.compactMap { $0 }
        }
        #expect(concurrent == sequential)
    }
}
