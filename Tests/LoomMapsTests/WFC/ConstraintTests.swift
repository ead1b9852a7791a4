import LoomCore
import Testing

@testable import LoomMaps

@Suite struct ConstraintTests {
    let rules = try! TiledRules(TiledTests.pipes)

    var pipeCells: [Int] { rules.variants(ofTile: "line") + rules.variants(ofTile: "corner") }

    @Test func fixedCellsAndBorderHold() throws {
        let solver = try WFCSolver(rules: rules, width: 10, height: 8)
        var constraints = WFCConstraints()
        constraints.border = rules.variants(ofTile: "empty")
        constraints.fixed = [.init(x: 4, y: 3, patterns: [rules.variants(ofTile: "line")[0]])]
        for seed in 0..<5 {
            let grid = try solver.solve(seed: Seed(UInt64(seed)), constraints: constraints).get()
            #expect(rules.variantName(grid[4, 3]) == "line")
            for y in 0..<8 {
                for x in 0..<10 where x == 0 || y == 0 || x == 9 || y == 7 {
                    #expect(rules.variantName(grid[x, y]) == "empty")
                }
            }
            #expect(adjacenciesAreAllowed(grid, rules: rules, periodic: false))
        }
    }

    @Test func countBoundsHold() throws {
        let solver = try WFCSolver(rules: rules, width: 12, height: 12)
        var constraints = WFCConstraints()
        constraints.counts = [.init(patterns: pipeCells, minimum: 30, maximum: 50)]
        for seed in 0..<5 {
            let result = solver.solve(seed: Seed(UInt64(seed)), constraints: constraints)
            let grid = try result.get()
            let pipes = grid.cells.filter { pipeCells.contains($0) }.count
            #expect((30...50).contains(pipes), "seed \(seed): \(pipes) pipe cells")
            #expect(adjacenciesAreAllowed(grid, rules: rules, periodic: false))
        }
        var impossible = WFCConstraints()
        impossible.counts = [.init(patterns: pipeCells, minimum: 10, maximum: 5)]
        #expect(solver.solve(seed: Seed(1), constraints: impossible).failure?.contains("empty") == true)
    }

    @Test func connectedClassFormsOneRegion() throws {
        let solver = try WFCSolver(rules: rules, width: 12, height: 12, options: WFCOptions(attempts: 30))
        var constraints = WFCConstraints()
        constraints.connected = pipeCells
        constraints.border = rules.variants(ofTile: "empty")
        constraints.counts = [.init(patterns: pipeCells, minimum: 8)]
        for seed in 0..<4 {
            let grid = try solver.solve(seed: Seed(UInt64(seed)), constraints: constraints).get()
            let walkable = grid.map { pipeCells.contains($0) }
            #expect(Self.regionCount(walkable) == 1, "seed \(seed)")
        }
    }

    static func regionCount(_ mask: Grid<Bool>) -> Int {
        var seen = Grid(width: mask.width, height: mask.height, repeating: false)
        var regions = 0
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask[x, y] && !seen[x, y] {
                regions += 1
                var stack = [Point(x: x, y: y)]
                seen[x, y] = true
                while let p = stack.popLast() {
                    mask.forEachNeighbour4(x: p.x, y: p.y) { nx, ny in
                        if mask[nx, ny] && !seen[nx, ny] {
                            seen[nx, ny] = true
                            stack.append(Point(x: nx, y: ny))
                        }
                    }
                }
            }
        }
        return regions
    }
}

@Suite struct ChunkTests {
    // Closed pipes cannot join chunks whose four edges are all fixed when the pipes crossing
    // them are odd in number; end caps make every edge closable.
    let rules = try! TiledRules(TiledTests.pipesWithEnds)

    @Test func chunksJoinWithoutSeams() throws {
        let chunks = try WFCChunks(rules: rules, chunkWidth: 8, chunkHeight: 6, seed: Seed(21))
        let region = Rect(x: -1, y: -1, width: 4, height: 3)
        let results = chunks.chunks(in: region)
        var world = Grid(width: 8 * region.width, height: 6 * region.height, repeating: -1)
        for (index, result) in results.enumerated() {
            let grid = try result.get()
            let ox = (index % region.width) * 8, oy = (index / region.width) * 6
            for y in 0..<6 {
                for x in 0..<8 { world[ox + x, oy + y] = grid[x, y] }
            }
        }
        #expect(adjacenciesAreAllowed(world, rules: rules, periodic: false))
    }

    @Test func aChunkDependsOnlyOnSeedAndCoordinates() throws {
        let chunks = try WFCChunks(rules: rules, chunkWidth: 8, chunkHeight: 6, seed: Seed(21))
        let alone = try chunks.chunk(1, 1).get()
        let inBatch = chunks.chunks(in: Rect(x: 0, y: 0, width: 3, height: 3))
        #expect(try inBatch[4].get() == alone)
        let reversed = Rect(x: 1, y: 1, width: 1, height: 1)
        #expect(try chunks.chunks(in: reversed)[0].get() == alone)
        let otherWorld = try WFCChunks(rules: rules, chunkWidth: 8, chunkHeight: 6, seed: Seed(22))
        #expect(try otherWorld.chunk(1, 1).get() != alone)
        var hasher = StableHasher()
        hasher.combine(alone.cells)
        #expect(hasher.finalize() == 10_195_184_544_062_327_638)
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func overlappingChunksJoinWithoutSeams() throws {
        let rules = try OverlappingRules(image: try SharedSamples.image("Knot"), options: OverlappingOptions(N: 3))
        let chunks = try WFCChunks(rules: rules, chunkWidth: 16, chunkHeight: 16, seed: Seed(5))
        let results = chunks.chunks(in: Rect(x: 0, y: 0, width: 2, height: 2))
        var world = Grid(width: 32, height: 32, repeating: 0)
        for (index, result) in results.enumerated() {
            let grid = try result.get()
            for y in 0..<16 {
                for x in 0..<16 { world[(index % 2) * 16 + x, (index / 2) * 16 + y] = grid[x, y] }
            }
        }
        #expect(adjacenciesAreAllowed(world, rules: rules, periodic: false))
        let values = rules.values(from: world, periodic: false)
        #expect(windowsAreLearned(values, rules: rules, periodic: false))
    }
}

@Suite struct OverlappingConstraintTests {
    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func borderAndFixedValuesHoldInTheOutput() throws {
        let rules = try OverlappingRules(image: try SharedSamples.image("Simple Maze"), options: .init(N: 2))
        // The maze's walls are its first colour (the top-left pixel), on even rows and columns,
        // so a walled maze needs odd sides.
        let wall = 0
        let path = 1 - wall
        let constraints = try rules.constraints(
            width: 17, height: 13, periodic: false, fixed: [.init(x: 5, y: 5, value: path)], border: wall)
        let solver = try rules.solver(width: 17, height: 13)
        for seed in 0..<3 {
            let values = rules.values(
                from: try solver.solve(seed: Seed(UInt64(seed)), constraints: constraints).get(), periodic: false)
            #expect(values[5, 5] == path)
            for y in 0..<13 {
                for x in 0..<17 where x == 0 || y == 0 || x == 16 || y == 12 { #expect(values[x, y] == wall) }
            }
            #expect(windowsAreLearned(values, rules: rules, periodic: false))
        }
        #expect(throws: LoomError.self) {
            try rules.constraints(width: 17, height: 13, periodic: false, fixed: [.init(x: 17, y: 0, value: 0)])
        }
    }

    @Test func rulesLearnFromATileMapLayer() throws {
        var map = TileMap(width: 6, height: 6)
        map.setTiles(Grid(width: 6, height: 6) { x, y in UInt16((x / 2 + y / 2) % 2 == 0 ? 1 : 2) }, named: "ground")
        let rules = try OverlappingRules(map: map, options: .init(N: 2, symmetry: 1))
        let solver = try rules.solver(width: 10, height: 10, options: .init(periodic: true))
        let values = rules.values(from: try solver.solve(seed: Seed(1)).get(), periodic: true)
        #expect(Set(values.cells) == [1, 2])
        let output = try rules.tileMap(values, tileset: map.tileset)
        #expect(output.tiles("tiles")?.cells.count == 100)
        #expect(throws: LoomError.self) { try OverlappingRules(map: map, layer: "missing") }
    }
}
