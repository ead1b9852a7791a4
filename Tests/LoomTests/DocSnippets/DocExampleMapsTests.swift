import Foundation
import Loom
import Testing

/// The ```swift examples of the `///` comments of LoomLearn, LoomMaps and LoomNoise, each
/// verbatim between `// example SOURCE-FILE` and `// end example`, run with the set-up they
/// assume and checks of what their comments promise.
@Suite(.serialized) struct DocExampleMapsTests {
    /// A cave and its first and last floor cells in reading order.
    static func cave() throws -> (map: TileMap, first: Point, last: Point) {
        let map = try CaveParameters(width: 40, height: 24).generate(seed: Seed(5))
        let walkable = map.walkable()
        var floor: [Point] = []
        for y in 0..<walkable.height {
            for x in 0..<walkable.width where walkable[x, y] { floor.append(Point(x: x, y: y)) }
        }
        return (map, floor.first!, floor.last!)
    }

    @Test func analysisOfACave() throws {
        let (map, entrance, exit) = try Self.cave()
        let (start, goal) = (entrance, exit)
        // example Sources/LoomMaps/Analysis/RegionLabels.swift
        let regions = RegionLabels(map.walkable())
        let isConnected = regions.count == 1
        // end example
        #expect(isConnected, "a generated cave's floor is one region")
        // example Sources/LoomMaps/Analysis/DistanceMap.swift
        let steps = DistanceMap(from: [entrance], passable: map.walkable())
        let far = steps.farthest  // where to put the stairs down
        // end example
        #expect(far != nil && far != entrance)
        do {
            // example Sources/LoomMaps/Analysis/PathFinder.swift
            let costs = map.walkable().map { $0 ? 1.0 : .infinity }
            let path = PathFinder(costs: costs).path(from: start, to: goal)
            // end example
            #expect(path?.first == start && path?.last == goal)
        }
        do {
            // example Sources/LoomMaps/Analysis/TileMap+Analysis.swift
            let path = PathFinder(costs: map.movementCosts()).path(from: entrance, to: exit)
            // end example
            #expect(path?.first == entrance && path?.last == exit)
            #expect(path?.allSatisfy { map.walkable()[$0.x, $0.y] } == true)
        }
    }

    @Test func layerMathOfItsComment() {
        // example Sources/LoomMaps/TileMap/Grid+LayerMath.swift
        var island = Grid<Float>.radial(width: 64, height: 48)  // 0 at the centre, 1 at the edges' middles
        island.transform(multiplying: -1, adding: 1)
        var heights = Grid(width: 64, height: 48, repeating: Float(0))
        heights.fill(noise: NoiseGenerator(seed: Seed(7), frequency: 0.05), scale: 0.5, offset: 0.5)
        heights = heights.combined(with: island, .mul)
        heights.normalize(low: 0, high: 1)
        // end example
        #expect(island.cells.max()! <= 1 && island[31, 24] > 0.95 && island[0, 0] < 0)
        #expect(heights.cells.min() == 0 && abs(heights.cells.max()! - 1) < 1e-6)
        #expect(heights[1, 1] < heights[32, 24], "an island: low at the corners, high in the middle")
    }

    // The registry's one-call example is one line of 129 characters in its comment, so the
    // formatter leaves this test as written.
    // swift-format-ignore
    @Test func generatorsByName() throws {
        do {
            // example Sources/LoomMaps/Generators/MapGenerator.swift
            let cave = try CaveParameters.decode(json: #"{"fillProbability": 0.5}"#, width: 64, height: 32)
            let map = try cave.generate(seed: Seed(7))
            // end example
            #expect(cave.fillProbability == 0.5 && map.width == 64 && map.height == 32)
        }
        // example Sources/LoomMaps/Generators/MapGenerators.swift
        let generator = try MapGenerators.named("caves")
        let map = try generator.decode(json: #"{"fillProbability": 0.47}"#, width: 80, height: 40)
            .generate(seed: Seed(42))
        // or, in one call:
        let same = try MapGenerators.generate("caves", json: #"{"fillProbability": 0.47}"#, seed: Seed(42), width: 80, height: 40)
        // end example
        #expect(map == same && map.width == 80 && map.height == 40)
    }

    @Test func generatorsOfTheirComments() throws {
        // example Sources/LoomMaps/Caves/CaveParameters.swift
        let cave = try CaveParameters(width: 80, height: 40).generate(seed: Seed(7))
        // end example
        #expect(cave.width == 80 && cave.height == 40)
        // example Sources/LoomMaps/Mazes/MazeParameters.swift
        var maze = MazeParameters(width: 41, height: 21)
        maze.algorithm = .eller
        maze.braid = 0.5
        let map = try maze.generate(seed: Seed(1))
        // end example
        #expect(map.width == 41 && map.height == 21)
        do {
            // example Sources/LoomMaps/Terrain/TerrainParameters.swift
            var world = TerrainParameters(width: 512, height: 512)
            world.shape = .continents
            let map = try world.generate(seed: Seed(2024))
            let chunk = try world.generateChunk(seed: Seed(2024), chunkX: 3, chunkY: -1, chunkSize: 64)
            // end example
            #expect(map.width == 512 && chunk.width == 64)
        }
        // example Sources/LoomMaps/Terrain/BiomeTable.swift
        var table = BiomeTable.standard
        table.biomes[0] = ["snow", "snow", "snow", "snow"]  // no tundra
        // end example
        #expect(table.biomes[0].allSatisfy { $0 == "snow" } && table != BiomeTable.standard)
    }

    @Test func tileMapsByHand() throws {
        // example Sources/LoomMaps/TileMap/TileMap.swift
        var map = TileMap(width: 40, height: 20, tileset: .standard)
        map.setTiles(Grid(width: 40, height: 20, repeating: 1), named: "ground")
        map.annotations.append(Annotation(kind: .place, name: "spawn", points: [Point(x: 3, y: 4)]))
        print(map.ascii(layer: "ground"))
        // end example
        #expect(map.ascii(layer: "ground").split(separator: "\n").count == 20)
        // example Sources/LoomMaps/TileMap/Annotation.swift
        let hall = Annotation(kind: .room, name: "room 3", rect: Rect(x: 4, y: 2, width: 8, height: 5))
        // end example
        #expect(hall.rect?.width == 8)
        // example Sources/LoomMaps/Tileset/Tile.swift
        let grass = Tile(id: 10, name: "grass", color: RGBA(hex: "#5FA83A")!, glyph: "\"", isWalkable: true)
        // end example
        #expect(grass.color == RGBA(0x5F, 0xA8, 0x3A))
    }

    @Test func markovModelOfItsComment() throws {
        let level1 = MapsSnippetTests.level(String(repeating: "....\n", count: 3) + "####\n")
        let level2 = MapsSnippetTests.level(String(repeating: "..o.\n", count: 3) + "####\n")
        try SnippetFolder.run {
            // example Sources/LoomMaps/Markov/MarkovMapModel.swift
            let model = try MarkovMapModel(learningFrom: [level1, level2])
            let map = try model.generate(width: 200, height: 14, seed: Seed(3)).grid
            try model.export(to: "levels.markov.json")
            // end example
            #expect(map.width == 200 && map.height == 14)
            #expect(
                try MarkovMapModel.load(from: "levels.markov.json").generate(width: 200, height: 14, seed: Seed(3)).grid
                    == map)
        }
    }

    @Test(.enabled(if: SharedWFCSamples.rooms != nil, "../shared/samples/wfc/Rooms.png is absent"))
    func wfcSolverOfItsComment() throws {
        let image = try RGBAImage.load(from: try #require(SharedWFCSamples.rooms))
        // example Sources/LoomMaps/WFC/Solver/WFCSolver.swift
        let rules = try OverlappingRules(image: image, options: .init(N: 3, symmetry: 8))
        let solver = try WFCSolver(rules: rules, width: 48, height: 48, options: .init(periodic: true))
        let result = solver.solve(seed: Seed(7))
        let map = rules.values(from: try result.get(), periodic: true)
        // end example
        #expect(map.width == 48 && map.height == 48)
    }

    @Test func noiseOfItsComment() {
        // example Sources/LoomNoise/NoiseGenerator.swift
        var noise = NoiseGenerator()
        noise.seed = Seed(42)
        noise.frequency = 0.005
        noise.fractalType = .fbm
        var heights = Grid(width: 512, height: 512, repeating: Float(0))
        noise.fill(&heights)  // the fast path, parallel over rows
        let h = noise.sample(x: 1e9 + 0.5, y: -3)  // a single value in [-1, 1]
        // end example
        #expect((-1...1).contains(h))
        #expect(heights[7, 9] == Float(noise.sample(x: 7, y: 9)))
    }

    @Test func tensorsAndTraining() throws {
        // example Sources/LoomLearn/Tensor/Tensor.swift
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], scalars: [10, 20, 30])
        let c = a + b  // broadcasts b over the rows of a
        let d = a.matmul(a, transposeB: true)  // [2, 2]
        // end example
        #expect(c.scalars == [11, 22, 33, 14, 25, 36])
        #expect(d.shape == [2, 2] && d.scalars == [14, 32, 32, 77])

        let (batch, labels) = LearnSnippetTests.circle(seed: Seed(7))
        let model = LearnSnippetTests.Classifier(seed: Seed(2024))
        let optimizer = AdamW(parameters: model.parameters)
        let before = model.namedValues
        let step = 10
        // example Sources/LoomLearn/Optim/LearningRateSchedule.swift
        let schedule = LearningRateSchedule(peak: 3e-4, warmupSteps: 100, totalSteps: 5000)
        optimizer.learningRate = schedule.rate(at: step)
        // end example
        #expect(abs(optimizer.learningRate - 3e-4 * 11 / 100) < 1e-6, "\(optimizer.learningRate)")
        // example Sources/LoomLearn/Autograd/Tape.swift
        let tape = Tape()
        let x = tape.constant(batch)
        let loss = model(x).crossEntropy(targets: labels)
        tape.backward(from: loss)
        optimizer.step()
        // end example
        #expect(model.namedValues != before)
        try SnippetFolder.run {
            // example Sources/LoomLearn/Checkpoint/Checkpoint.swift
            try Checkpoint(model.namedValues, metadata: ["step": "1200"]).save(to: "tiles.safetensors")
            let checkpoint = try Checkpoint.load(from: "tiles.safetensors")
            try checkpoint.restore(into: model)
            // end example
            #expect(checkpoint.metadata["step"] == "1200")
        }
        let fresh = LearnSnippetTests.Classifier(seed: Seed(1))
        try Checkpoint(model.namedValues).restore(into: fresh)
        #expect(fresh.namedValues == model.namedValues)
    }
}
