import LoomCore
import Testing

@testable import LoomMaps

/// Endless worlds: a chunk equals the same window of any larger map containing it, in every
/// layer — rivers, lakes and flow included — wherever the window sits in the larger map.
@Suite struct TerrainChunkTests {
    /// Rivers and lakes dense enough that small windows hold plenty of both.
    static func wet(_ shape: TerrainParameters.Shape, width: Int = 96, height: Int = 96) -> TerrainParameters {
        var parameters = TerrainParameters(width: width, height: height)
        parameters.shape = shape
        parameters.elevation.frequency = 0.03
        parameters.riverThreshold = 40
        parameters.domainWarp = shape == .continents
        return parameters
    }

    /// Every layer of `small` equals `window` of `large` (`window` in `large`'s cells).
    static func expectWindow(_ small: TileMap, of large: TileMap, _ window: Rect, _ label: String) {
        for name in ["height", "moisture", "temperature", "flow"] {
            #expect(
                small.values(name) != nil && small.values(name) == large.values(name)?.cropped(to: window),
                "\(label) \(name)")
        }
        for name in ["ground", "biome"] {
            #expect(
                small.tiles(name) != nil && small.tiles(name) == large.tiles(name)?.cropped(to: window),
                "\(label) \(name)")
        }
    }

    static func count(_ tile: UInt16, in map: TileMap) -> Int {
        map.tiles("ground")?.cells.reduce(0) { $0 + ($1 == tile ? 1 : 0) } ?? 0
    }

    /// Chunks of a 96×96 world at its corners, edges and middle, with sizes that do and do not
    /// divide the world, equal the same window of the whole map.
    @Test(arguments: [TerrainParameters.Shape.island, .continents, .none])
    func chunksEqualTheirWindowOfTheWholeMap(_ shape: TerrainParameters.Shape) throws {
        let parameters = Self.wet(shape)
        let world = try parameters.generate(seed: Seed(8))
        var rivers = 0, coursePoints = 0
        // (chunk size, chunk x, chunk y): corners and edges touch the map's border, others are inside.
        for (size, cx, cy) in [(32, 0, 0), (32, 2, 1), (32, 1, 1), (32, 1, 2), (17, 3, 2), (45, 1, 0), (45, 0, 1)] {
            let chunk = try parameters.generateChunk(seed: Seed(8), chunkX: cx, chunkY: cy, chunkSize: size)
            let window = Rect(x: cx * size, y: cy * size, width: size, height: size)
            Self.expectWindow(chunk, of: world, window, "\(shape) \(size) (\(cx), \(cy))")
            rivers += Self.count(StandardTiles.shared.river, in: chunk)
            // The chunk's river courses are pieces of the whole map's (short pieces are dropped).
            let courses = Set(
                world.annotations(of: .river).flatMap(\.points).filter { window.contains($0) }.map {
                    Point(x: $0.x - window.x, y: $0.y - window.y)
                })
            let pieces = chunk.annotations(of: .river).flatMap(\.points)
            #expect(pieces.allSatisfy(courses.contains), "\(shape) \(size) (\(cx), \(cy)) courses")
            coursePoints += pieces.count
        }
        #expect(rivers > 50, "\(shape): only \(rivers) river cells in the chunks")
        #expect(coursePoints > 20, "\(shape): only \(coursePoints) annotated river cells in the chunks")
    }

    /// Nine chunks stitched 3×3 equal one chunk three times the size, at negative coordinates
    /// too, for several seeds and sizes (odd ones included).
    @Test(arguments: [(2, 21, 0, -2), (4, 16, 2, -1), (5, 13, -2, -2)])
    func nineChunksStitchIntoOne(seed: UInt64, size: Int, bigX: Int, bigY: Int) throws {
        let parameters = Self.wet(.continents, width: 64, height: 64)
        let big = try parameters.generateChunk(seed: Seed(seed), chunkX: bigX, chunkY: bigY, chunkSize: 3 * size)
        for qy in 0..<3 {
            for qx in 0..<3 {
                let small = try parameters.generateChunk(
                    seed: Seed(seed), chunkX: 3 * bigX + qx, chunkY: 3 * bigY + qy, chunkSize: size)
                let window = Rect(x: qx * size, y: qy * size, width: size, height: size)
                Self.expectWindow(small, of: big, window, "seed \(seed) size \(size) part (\(qx), \(qy))")
            }
        }
        #expect(Self.count(StandardTiles.shared.river, in: big) > 20, "seed \(seed): too few river cells")
    }

    /// Lakes, wide rivers and the coarsest and finest lattices stay exact too.
    @Test(arguments: [(2, 4, true), (5, 5, true), (11, 4, false)])
    func otherLatticesAreExact(spacing: Int, seed: UInt64, hasLakes: Bool) throws {
        var parameters = Self.wet(.none)
        parameters.drainageSpacing = spacing
        parameters.drainageReach = 12
        parameters.riverThreshold = 20
        let world = try parameters.generate(seed: Seed(seed))
        #expect(!hasLakes || Self.count(StandardTiles.shared.lake, in: world) > 0, "spacing \(spacing): no lake")
        #expect(Self.count(StandardTiles.shared.river, in: world) > 30, "spacing \(spacing): too few river cells")
        for (cx, cy) in [(0, 0), (1, 1), (2, 0)] {
            let chunk = try parameters.generateChunk(seed: Seed(seed), chunkX: cx, chunkY: cy, chunkSize: 32)
            Self.expectWindow(
                chunk, of: world, Rect(x: cx * 32, y: cy * 32, width: 32, height: 32), "spacing \(spacing)")
        }
    }

    /// Chunks so far out that the noise would lose whole cells are refused with a clear error.
    @Test func chunksTooFarOutAreRefused() throws {
        let error = try #require(throws: LoomError.self) {
            try TerrainParameters().generateChunk(seed: Seed(1), chunkX: Int.max / 2, chunkY: 0, chunkSize: 64)
        }
        #expect(error.message.hasPrefix("chunkX is \(Int.max / 2), expected a value in -17179869184...17179869184"))
        let far = try TerrainParameters().generateChunk(
            seed: Seed(1), chunkX: -17_179_869_184, chunkY: 9, chunkSize: 64)
        #expect(far.values("flow")?.cells.allSatisfy(\.isFinite) == true)
    }

    /// With a short reach (so accumulation is cut short everywhere), rivers at the documented
    /// bound `(reach / 2 + 1) · spacing² / 4` still never dry up on the way.
    @Test func riversNeverDryUpBelowTheBound() throws {
        var parameters = Self.wet(.continents, width: 128, height: 128)
        parameters.drainageReach = 4
        parameters.drainageSpacing = 6
        parameters.riverThreshold = 27
        let map = try parameters.generate(seed: Seed(2))
        let mouths = map.annotations(of: .river).compactMap { $0.properties["mouth"]?.description }
        #expect(mouths.count > 10 && !mouths.contains("dry"), "\(mouths)")
        #expect(try Self.strandedRiverCells(map, seaLevel: parameters.seaLevel).isEmpty)
    }

    /// The margin the drainage reads follows the lattice and the reach.
    @Test func drainageMarginFollowsSpacingAndReach() {
        var parameters = TerrainParameters()
        #expect(parameters.drainageMargin == (DrainageLattice.apron(spacing: 6) + 34) * 6)
        parameters.drainageReach = 8
        parameters.drainageSpacing = 4
        #expect(parameters.drainageMargin == (DrainageLattice.apron(spacing: 4) + 10) * 4)
    }

    /// River cells of `map` from which water cannot run through river cells, never climbing, to
    /// the sea, a lake or the map's border (where the river goes on beyond the map).
    static func strandedRiverCells(_ map: TileMap, seaLevel: Float) throws -> [Point] {
        let ids = StandardTiles.shared
        let heights = try #require(map.values("height"))
        let ground = try #require(map.tiles("ground"))
        let width = map.width, height = map.height
        // Walk upstream from the outlets: a river cell is reached once a reached neighbour is an
        // outlet or a river cell no higher than it.
        var reached = [Bool](repeating: false, count: ground.count)
        var queue: [Int] = []
        for index in 0..<ground.count {
            let x = index % width, y = index / width
            let tile = ground.cells[index]
            let border = x == 0 || y == 0 || x == width - 1 || y == height - 1
            if tile == ids.lake || heights.cells[index] < seaLevel || (tile == ids.river && border) {
                reached[index] = true
                queue.append(index)
            }
        }
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            let isRiver = ground.cells[index] == ids.river
            for step in Point.allSteps {
                let x = index % width + step.x, y = index / width + step.y
                guard x >= 0, y >= 0, x < width, y < height else { continue }
                let next = y * width + x
                guard !reached[next], ground.cells[next] == ids.river else { continue }
                guard !isRiver || heights.cells[next] >= heights.cells[index] else { continue }
                reached[next] = true
                queue.append(next)
            }
        }
        return (0..<ground.count).filter { ground.cells[$0] == ids.river && !reached[$0] }.map {
            Point(x: $0 % width, y: $0 / width)
        }
    }

    /// In chunks anywhere (negative coordinates, warped continents, other lattices, eroded land)
    /// rivers run downhill to the sea, a lake or the chunk's border; and a land cell outside lakes
    /// is river exactly where its flow reaches the threshold.
    @Test(arguments: [
        (TerrainParameters.Shape.continents, 6, -3, -2, 0), (.none, 4, 2, -5, 0), (.none, 9, -2, 3, 0),
        (.continents, 6, -3, -2, 4000),
    ])
    func chunkRiversRunDownhillAndFollowTheFlow(
        shape: TerrainParameters.Shape, spacing: Int, cx: Int, cy: Int, droplets: Int
    ) throws {
        var parameters = Self.wet(shape)
        parameters.drainageSpacing = spacing
        parameters.erosion.droplets = droplets
        let chunk = try parameters.generateChunk(seed: Seed(11), chunkX: cx, chunkY: cy, chunkSize: 72)
        let stranded = try Self.strandedRiverCells(chunk, seaLevel: parameters.seaLevel)
        #expect(stranded.isEmpty, "\(shape) (\(cx), \(cy)): \(stranded.count) stranded, e.g. \(stranded.prefix(5))")
        let ids = StandardTiles.shared
        let ground = try #require(chunk.tiles("ground"))
        let heights = try #require(chunk.values("height"))
        let flow = try #require(chunk.values("flow"))
        var rivers = 0
        for index in 0..<ground.count where heights.cells[index] >= parameters.seaLevel {
            #expect(flow.cells[index] >= 0.25)
            guard ground.cells[index] != ids.lake else { continue }
            let isRiver = ground.cells[index] == ids.river
            if isRiver { rivers += 1 }
            #expect(isRiver == (flow.cells[index] >= parameters.riverThreshold), "cell \(index)")
        }
        #expect(rivers > 40, "\(shape) (\(cx), \(cy)): only \(rivers) river cells")
    }
}
