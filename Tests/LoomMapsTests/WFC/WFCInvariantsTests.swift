import LoomCore
import Testing

@testable import LoomMaps

/// What every map of a rule set keeps, found from its adjacency rules alone.
@Suite struct WFCInvariantsTests {
    /// The periods of a checkerboard span the vectors with `x + y` even: two phases.
    @Test func latticesReduceToEchelonForm() {
        var lattice = (a: 0, b: 0, c: 0)
        for period in [Point(x: 2, y: 0), Point(x: -1, y: 1), Point(x: 0, y: 4)] {
            WFCInvariants.add(period, to: &lattice)
        }
        #expect(lattice == (1, 1, 2))
        var bricks = (a: 0, b: 0, c: 0)
        for period in [Point(x: 6, y: 2), Point(x: 3, y: 0), Point(x: 0, y: 4)] {
            WFCInvariants.add(period, to: &bricks)
        }
        // (3, 0) and (0, 2): six phases.
        #expect(bricks == (3, 0, 2))
    }

    /// Closed pipes: one parity, the number of pipe ends across a border, even around any region.
    @Test func closedPipesHaveOneParity() throws {
        let rules = try TiledRules(TiledTests.pipes)
        let invariants = WFCInvariants(rules: rules)
        #expect(!invariants.restrictsPatterns)
        #expect(invariants.parities.count == 1)
        let parity = try #require(invariants.parities.first)
        #expect(!parity.perCell)
        let count = rules.patternCount
        for p in 0..<count {
            // Every pattern's four fluxes add to the per-cell sum …
            let sum = WFCDirection.allCases.filter { parity.flux[$0.rawValue * count + p] }.count
            #expect(sum % 2 == 0)
            // … and neighbours agree on the flux across the side they share.
            for d in WFCDirection.allCases {
                for q in rules.propagator.allowed(d, of: p) {
                    #expect(parity.flux[d.rawValue * count + p] == parity.flux[d.opposite.rawValue * count + Int(q)])
                }
            }
        }
    }

    /// A solved map crosses every parity evenly around any rectangle inside it.
    @Test func solvedMapsKeepTheirParities() throws {
        let rules = try TiledRules(TiledTests.pipes)
        let parity = try #require(WFCInvariants(rules: rules).parities.first)
        let solver = try WFCSolver(rules: rules, width: 20, height: 16)
        let count = rules.patternCount
        for seed in 0..<4 {
            let map = try solver.solve(seed: Seed(UInt64(seed))).get()
            for (x0, y0, x1, y1) in [(0, 0, 20, 16), (3, 2, 11, 9), (5, 5, 6, 6), (1, 7, 19, 15)] {
                var flux = false
                for x in x0..<x1 {
                    if parity.flux[WFCDirection.up.rawValue * count + map[x, y0]] { flux.toggle() }
                    if parity.flux[WFCDirection.down.rawValue * count + map[x, y1 - 1]] { flux.toggle() }
                }
                for y in y0..<y1 {
                    if parity.flux[WFCDirection.left.rawValue * count + map[x0, y]] { flux.toggle() }
                    if parity.flux[WFCDirection.right.rawValue * count + map[x1 - 1, y]] { flux.toggle() }
                }
                #expect(!flux, "seed \(seed), rectangle \(x0),\(y0)-\(x1),\(y1)")
            }
        }
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func classicSamplesInvariants() throws {
        func overlapping(_ name: String, N: Int) throws -> WFCInvariants {
            WFCInvariants(
                rules: try OverlappingRules(
                    image: try SharedSamples.image(name), options: OverlappingOptions(N: N, symmetry: 8)))
        }
        let chess = try overlapping("Chess", N: 2)
        #expect(chess.phaseCount == 2 && chess.restrictsPatterns)
        #expect(chess.phase(of: Point(x: 0, y: 0)) == chess.phase(of: Point(x: 1, y: 1)))
        #expect(chess.phase(of: Point(x: 0, y: 0)) != chess.phase(of: Point(x: -1, y: 0)))
        // Many fluxes of an overlapping sample are fixed by a side's end cells; one is not.
        let knot = try overlapping("Simple Knot", N: 3)
        #expect(knot.allParities.count > 10)
        #expect(knot.parities.count == 1)
        let rooms = try overlapping("Rooms", N: 3)
        #expect(rooms.parities.isEmpty && !rooms.restrictsPatterns)
        let tileset = try TilesetDescription.load(from: "\(SharedSamples.folder)/Knots/data.xml")
        let standard = WFCInvariants(rules: try TiledRules(tileset, subset: "Standard"))
        #expect(standard.parities.count == 1 && standard.allParities.count == 1)
        // Three pipe ends on every T: a region's border parity is its cell count's.
        let t = WFCInvariants(rules: try TiledRules(tileset, subset: "T"))
        #expect(t.parities.map(\.perCell) == [true])
    }

    /// Pipe tilesets join as endless chunks once their parity is kept.
    @Test(
        .enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"),
        arguments: ["Standard", "Dense", "Crossless"])
    func pipeSubsetsJoin(subset: String) throws {
        let tileset = try TilesetDescription.load(from: "\(SharedSamples.folder)/Knots/data.xml")
        let rules = try TiledRules(tileset, subset: subset)
        for seed in 0..<2 {
            let chunks = try WFCChunks(rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(UInt64(seed)))
            let region = chunks.region(in: Rect(x: 0, y: 0, width: 3, height: 3))
            #expect(region.isComplete, "\(subset) seed \(seed): \(region.failures)")
            #expect(regionJoins(region, rules: rules))
        }
    }
}

/// The framed layout: every chunk inside the same ring, so rules that keep more than a parity
/// or a phase join too.
@Suite struct FramedChunkTests {
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func framedChunksJoinWhereTheGridFails() throws {
        let tileset = try TilesetDescription.load(from: "\(SharedSamples.folder)/Castle/data.xml")
        let rules = try TiledRules(tileset)
        let block = Rect(x: -1, y: -1, width: 3, height: 3)
        let chunks = try WFCChunks(rules: rules, chunkWidth: 12, chunkHeight: 12, seed: Seed(4), layout: .framed)
        let frame = try #require(chunks.frame)
        let region = chunks.region(in: block)
        #expect(region.isComplete)
        #expect(regionJoins(region, rules: rules))
        var distinct: [Grid<Int>] = []
        for cy in 0..<3 {
            for cx in 0..<3 {
                let cells = region.patterns.cropped(to: Rect(x: cx * 12, y: cy * 12, width: 12, height: 12))
                // The ring is the frame's; the inside is the chunk's own.
                for i in 0..<12 {
                    #expect(cells[i, 0] == frame[i, 0] && cells[i, 11] == frame[i, 11])
                    #expect(cells[0, i] == frame[0, i] && cells[11, i] == frame[11, i])
                }
                if !distinct.contains(cells) { distinct.append(cells) }
            }
        }
        #expect(distinct.count == 9, "every chunk's inside is its own solve")
        // A chunk alone is the chunk in the block, on any thread count.
        #expect(try chunks.chunk(0, 0).get() == region.patterns.cropped(to: Rect(x: 12, y: 12, width: 12, height: 12)))
        #expect(chunks.region(in: block, threads: 1).patterns == region.patterns)
        #expect(stableHash(region.patterns) == 11_164_394_304_035_901_744)
    }

    @Test func framesNeedAPeriodicSolution() throws {
        // A 2-periodic checkerboard has no periodic solution of an odd width.
        var checkerboard = TilesetDescription()
        checkerboard.tiles = [.init(name: "a"), .init(name: "b")]
        checkerboard.neighbors = [.init(left: "a", right: "b")]
        let rules = try TiledRules(checkerboard)
        let error = #expect(throws: LoomError.self) {
            try WFCChunks(rules: rules, chunkWidth: 7, chunkHeight: 8, seed: Seed(1), layout: .framed)
        }
        #expect(error?.message.contains("no frame: the rules have no periodic solution of 7x8 cells") == true)
        let even = try WFCChunks(rules: rules, chunkWidth: 8, chunkHeight: 8, seed: Seed(1), layout: .framed)
        #expect(even.region(in: Rect(x: 0, y: 0, width: 2, height: 2)).isComplete)
    }
}
