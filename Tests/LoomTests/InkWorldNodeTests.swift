import Foundation
import LoomCore
import Testing

@testable import Loom

/// `on_node` in an ink world: every knot the story moves into, in order, also the knots it
/// only passes through on its way to a line.
@Suite struct InkWorldNodeTests {
    static let worldLua = """
        return {
          name = "nodes",
          story = "story/main.ink",
          width = 4,
          height = 4,
          seed = 1,
          generate = function(ctx) return loom.map(4, 4, "floor"), {} end,
          on_node = function(ctx, name) ctx.story:say("-- " .. name) end,
        }
        """

    static let story = """
        Start.
        -> hall
        === hall ===
        -> stairs
        === stairs ===
        ~ temp steps = twice(7)
        -> attic
        === attic ===
        Dust on {steps_taken()} steps.
        * [Go down] -> hall
        * [Stay] -> END
        === function twice(n)
        ~ return n * 2
        === function steps_taken()
        ~ return 14
        """

    @Test func knotsPassedThroughWithoutALineFireOnNodeInOrder() throws {
        let folder = try InkWorldTests.makeWorld(["world.lua": Self.worldLua, "story/main.ink": Self.story])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let world = try World.load(from: folder)
        let session = try world.play(try world.generate())
        try session.play(choices: [1, 1])
        #expect(
            session.transcript == [
                "Start.", "-- hall", "-- stairs", "-- attic", "Dust on 14 steps.", "  1. Go down", "  2. Stay",
                "> 1. Go down", "-- hall", "-- stairs", "-- attic", "Dust on 14 steps.", "  1. Stay", "> 1. Stay",
            ])
    }
}
