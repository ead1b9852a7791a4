import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

/// Every adjacency of a region's cells that both belong to solved chunks is allowed.
func regionJoins(_ region: WFCChunkRegion, rules: some WFCRules) -> Bool {
    let grid = region.patterns
    for y in 0..<grid.height {
        for x in 0..<grid.width where grid[x, y] >= 0 {
            if x + 1 < grid.width, grid[x + 1, y] >= 0, !rules.propagator.allows(grid[x, y], grid[x + 1, y], .right) {
                return false
            }
            if y + 1 < grid.height, grid[x, y + 1] >= 0, !rules.propagator.allows(grid[x, y], grid[x, y + 1], .down) {
                return false
            }
        }
    }
    return true
}

func stableHash(_ grid: Grid<Int>) -> UInt64 {
    var hasher = StableHasher()
    hasher.combine(grid.cells)
    return hasher.finalize()
}

@Suite struct ChunkRepairTests {
    static func rules(_ name: String, N: Int = 3, symmetry: Int = 8, ground: Int = 0) throws -> OverlappingRules {
        try OverlappingRules(
            image: try SharedSamples.image(name), options: OverlappingOptions(N: N, symmetry: symmetry, ground: ground))
    }

    /// Rooms' enclosed chunks often have no filling between four independently solved
    /// neighbours; repairs with a band into the neighbours make the whole block join.
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func repairsJoinEveryChunkOfRooms() throws {
        let rules = try Self.rules("Rooms")
        let block = Rect(x: 0, y: 0, width: 4, height: 4)
        var failuresWithout = 0
        for seed in 0..<2 {
            let plain = try WFCChunks(
                rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(UInt64(seed)), repairBand: 0, margin: 0)
            let without = plain.region(in: block)
            failuresWithout += without.failures.count
            let chunks = try WFCChunks(rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(UInt64(seed)))
            #expect(chunks.repairBands == [2, 4, 5])
            let region = chunks.region(in: block)
            #expect(region.isComplete, "\(region.failures)")
            #expect(regionJoins(region, rules: rules))
            #expect(
                windowsAreLearned(rules.values(from: region.patterns, periodic: false), rules: rules, periodic: false))
        }
        #expect(failuresWithout > 0, "the repairs are not exercised: no chunk failed without them")
    }

    /// A chunk's cells do not depend on which other chunks were asked for, nor in what order:
    /// the repaired chunk and the neighbours its repair reaches into come out the same alone.
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func repairedChunksDependOnlyOnSeedAndCoordinates() throws {
        let rules = try Self.rules("Rooms")
        let chunks = try WFCChunks(rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(0))
        var memo = WFCChunkMemo()
        let repaired = (-1...3).flatMap { cy in (-1...3).map { Point(x: $0, y: cy) } }.filter {
            chunks.isEnclosed($0.x, $0.y) && !chunks.base($0.x, $0.y, memo: &memo).isSuccess
        }
        try #require(!repaired.isEmpty, "seed 0 needs no repair around the origin; pick another seed")
        let target = repaired[0]
        let block = chunks.region(in: Rect(x: target.x - 1, y: target.y - 1, width: 3, height: 3))
        let shifted = chunks.chunks(in: Rect(x: target.x - 2, y: target.y - 2, width: 4, height: 4))
        for dy in -1...1 {
            for dx in -1...1 {
                let alone = try chunks.chunk(target.x + dx, target.y + dy).get()
                let inBlock = block.patterns.cropped(
                    to: Rect(x: (dx + 1) * 12, y: (dy + 1) * 12, width: 12, height: 12))
                #expect(alone == inBlock, "chunk (\(target.x + dx), \(target.y + dy)) differs alone and in a block")
                #expect(try shifted[(dy + 2) * 4 + dx + 2].get() == alone)
            }
        }
        // The repair really rewrote a band of some neighbour: its base solve differs.
        var rewritten = 0
        for dy in -1...1 {
            for dx in -1...1 where dx != 0 || dy != 0 {
                let x = target.x + dx, y = target.y + dy
                if try chunks.base(x, y, memo: &memo).get() != chunks.chunk(x, y).get() { rewritten += 1 }
            }
        }
        #expect(rewritten > 0)
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func blocksArePinned() throws {
        let rooms = try WFCChunks(rules: try Self.rules("Rooms"), chunkWidth: 12, chunkHeight: 12, seed: Seed(3))
        let knots = try WFCChunks(
            rules: try TiledRules(TiledTests.pipesWithEnds), chunkWidth: 10, chunkHeight: 8, seed: Seed(3))
        let roomsRegion = rooms.region(in: Rect(x: -1, y: -1, width: 3, height: 3))
        let knotsRegion = knots.region(in: Rect(x: 0, y: 0, width: 4, height: 4))
        #expect(roomsRegion.isComplete && knotsRegion.isComplete)
        #expect(stableHash(roomsRegion.patterns) == 8_090_010_343_387_288_506)
        #expect(stableHash(knotsRegion.patterns) == 8_918_495_685_411_570_705)
    }

    /// Closed pipes keep a parity no local repair can restore: unless the chunks keep it, a
    /// chunk whose fixed ring is crossed by an odd number of pipes fails with a result that
    /// names it, and nothing traps. Kept (the default), every chunk joins.
    @Test func closedPipesJoinOnlyWhenTheirParityIsKept() throws {
        let rules = try TiledRules(TiledTests.pipes)
        var failures: [WFCChunkRegion.Failure] = []
        for seed in 0..<2 {
            // Small budgets: a parity failure is only found once every band's search gives up.
            let options = WFCOptions(attempts: 2, backtracks: 100)
            let chunks = try WFCChunks(
                rules: rules, chunkWidth: 8, chunkHeight: 8, seed: Seed(UInt64(seed)), options: options,
                keepsInvariants: false)
            let region = chunks.region(in: Rect(x: 0, y: 0, width: 4, height: 4))
            #expect(regionJoins(region, rules: rules))
            failures += region.failures
            let kept = try WFCChunks(
                rules: rules, chunkWidth: 8, chunkHeight: 8, seed: Seed(UInt64(seed)), options: options)
            #expect(kept.keptParities.count == 1)
            let joined = kept.region(in: Rect(x: 0, y: 0, width: 4, height: 4))
            #expect(joined.isComplete, "seed \(seed): \(joined.failures)")
            #expect(regionJoins(joined, rules: rules))
            // Re-solved chunks are still pure functions of the seed and their coordinates.
            let block = Rect(x: 0, y: 0, width: 4, height: 4)
            #expect(kept.region(in: block, threads: 1).patterns == joined.patterns)
            #expect(kept.region(in: block, threads: 3).patterns == joined.patterns)
            #expect(try kept.chunk(1, 2).get() == joined.patterns.cropped(to: Rect(x: 8, y: 16, width: 8, height: 8)))
            if seed == 0 { #expect(stableHash(joined.patterns) == 3_172_371_701_629_160_726) }
        }
        try #require(!failures.isEmpty)
        for failure in failures {
            #expect(failure.chunk.x & 1 == 1 && failure.chunk.y & 1 == 1)
            #expect(
                failure.reason.contains("chunk (\(failure.chunk.x), \(failure.chunk.y)) cannot join its neighbours"))
            #expect(failure.reason.contains("bands of 2, 3"))
        }
    }

    /// Layered samples run as a strip: full-height chunks along x, the ground on the bottom row.
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func layeredSamplesJoinAsAStrip() throws {
        let rules = try Self.rules("Platformer", N: 2, symmetry: 2, ground: -1)
        let ground = try #require(rules.groundPattern)
        #expect(throws: LoomError.self) {
            try WFCChunks(rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(1), ground: ground)
        }
        let strip = try WFCChunks(
            rules: rules, chunkWidth: 12, chunkHeight: 20, seed: Seed(1), layout: .strip, ground: ground)
        let region = strip.region(in: Rect(x: -2, y: 0, width: 5, height: 1))
        #expect(region.isComplete, "\(region.failures)")
        #expect(regionJoins(region, rules: rules))
        let bottom = region.patterns.height - 1
        #expect((0..<region.patterns.width).allSatisfy { region.patterns[$0, bottom] == ground })
        #expect(windowsAreLearned(rules.values(from: region.patterns, periodic: false), rules: rules, periodic: false))
        #expect(strip.chunk(0, 1).failure?.contains("a strip has only row 0") == true)
        #expect(try strip.chunk(1, 0).get() == region.patterns.cropped(to: Rect(x: 36, y: 0, width: 12, height: 20)))
        #expect(stableHash(region.patterns) == 11_412_609_073_759_258_819)
    }

    /// The full table over every rule set of samples.xml; slow in a debug build, so it runs only
    /// when `LOOM_WFC_CHUNK_TABLE` is set (the `wfcchunks` bench prints the same table).
    @Test(
        .enabled(
            if: SharedSamples.isAvailable && ProcessInfo.processInfo.environment["LOOM_WFC_CHUNK_TABLE"] != nil,
            "set LOOM_WFC_CHUNK_TABLE (and have ../shared/samples/wfc) to run the full chunk table"))
    func everyJoinableSampleJoins() throws {
        // Rule sets without a global invariant (pipe parity, lattice phase, layers), which the
        // `wfcchunks` table shows joining everywhere with margins and repairs.
        let joinable = ["Knot", "Rooms", "Less Rooms", "Lake", "Paths", "Dungeon", "Office"]
        for name in joinable {
            let rules = try Self.rules(name)
            for seed in 0..<2 {
                let chunks = try WFCChunks(rules: rules, chunkWidth: 16, chunkHeight: 16, seed: Seed(UInt64(seed)))
                let region = chunks.region(in: Rect(x: 0, y: 0, width: 4, height: 4))
                #expect(region.isComplete, "\(name) seed \(seed): \(region.failures)")
                #expect(regionJoins(region, rules: rules), "\(name) seed \(seed)")
            }
        }
    }
}

@Suite struct ParallelChunkTests {
    /// Chunks solved on several threads are the same bytes as on one, repairs included.
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func threadsDoNotChangeChunks() throws {
        let rules = try ChunkRepairTests.rules("Rooms")
        let chunks = try WFCChunks(rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(0))
        let block = Rect(x: -1, y: 0, width: 3, height: 3)
        var memo = WFCChunkMemo()
        let repaired = (-2...2).flatMap { x in (-1...3).map { Point(x: x, y: $0) } }.filter {
            chunks.isEnclosed($0.x, $0.y) && !chunks.base($0.x, $0.y, memo: &memo).isSuccess
        }
        try #require(!repaired.isEmpty, "no repair near the block: the check would not cover repairs")
        let one = chunks.region(in: block, threads: 1)
        #expect(chunks.region(in: block, threads: 2) == one)
        #expect(chunks.region(in: block, threads: 3) == one)
        let strip = try WFCChunks(
            rules: try TiledRules(TiledTests.pipesWithEnds), chunkWidth: 8, chunkHeight: 10, seed: Seed(4),
            layout: .strip)
        let row = Rect(x: -3, y: 0, width: 6, height: 1)
        #expect(strip.region(in: row, threads: 2) == strip.region(in: row, threads: 1))
    }
}
