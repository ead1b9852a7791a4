import Foundation
import Loom
import Testing

/// The `loom` Lua module: each binding called from Lua, with exact results for fixed seeds,
/// checked against the Swift API it wraps.
@Suite struct BindingsTests {
    func vm() throws -> LuaVM {
        let vm = try LuaVM()
        try LoomBindings.install(into: vm)
        return vm
    }

    @Test func randomSourcesMatchTheSwiftGenerator() throws {
        let results = try vm().run(
            "local r = loom.seed(42); return r:int(1, 100), r:int(-5, 5), r:float(), r:chance(0.5)")
        var random = Seed(42).makeRandom()
        #expect(results[0] == .integer(random.nextInt(in: 1...100)))
        #expect(results[1] == .integer(random.nextInt(in: -5...5)))
        #expect(results[2] == .number(random.nextDouble()))
        #expect(results[3] == .boolean(random.nextBool(probability: 0.5)))
    }

    @Test func deriveFollowsSeedDerive() throws {
        let results = try vm().run(
            "local r = loom.seed(42); return r:derive('towns'):seed(), r:derive(3, 4):seed(), loom.seed(42, 'towns'):seed()"
        )
        #expect(results[0] == .integer(Int(bitPattern: UInt(Seed(42).derive("towns").rawValue))))
        #expect(results[1] == .integer(Int(bitPattern: UInt(Seed(42).derive(3, 4).rawValue))))
        #expect(results[2] == results[0])
    }

    @Test func noiseSamplesAndFillsLikeNoiseGenerator() throws {
        let results = try vm().run(
            """
            local n = loom.noise { seed = 5, frequency = 0.1, fractalType = "fbm", octaves = 3 }
            local map = loom.map(16, 8)
            map:fill_noise("h", n, { scale = 2, offset = 1 })
            return n:sample(3, 4), map:value(3, 4, "h"), map:value(15, 7, "h")
            """)
        var generator = NoiseGenerator()
        generator.seed = Seed(5)
        generator.frequency = 0.1
        generator.fractalType = .fbm
        generator.octaves = 3
        let grid = generator.makeGrid(width: 16, height: 8, threads: 1)
        #expect(results[0] == .number(generator.sample(x: 3, y: 4)))
        #expect(results[1] == .number(Double(grid[3, 4] * 2 + 1)))
        #expect(results[2] == .number(Double(grid[15, 7] * 2 + 1)))
    }

    @Test func badParametersAreClearErrors() throws {
        let vm = try vm()
        #expect(throws: LuaError.self) { try vm.run("loom.noise { frequency = 'fast' }") }
        do {
            try vm.run("loom.dungeon({ width = 'wide' }, 1)", name: "bad.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message.hasPrefix("bad.lua:1: bad dungeon parameters"))
        }
        do {
            try vm.run("local m = loom.map(4, 4); m:set(0, 0, 'lava')", name: "bad.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "bad.lua:1: the tileset 'default' has no tile named 'lava'")
        }
    }

    @Test func cellAccessAndLayers() throws {
        let results = try vm().run(
            """
            local map = loom.map(5, 4, "grassland")
            map:set(1, 2, "river")
            map:set_value(2, 3, "height", 0.5)
            map:fill_rect(3, 0, 2, 2, "wall")
            local tiles, floats = map:layers()
            return map:get(1, 2), map:name(1, 2), map:value(2, 3, "height"), map:count("wall"),
              map:get(9, 9), map.width, map.height, tiles[1], floats[1], map:walkable(0, 0), map:walkable(3, 0)
            """)
        #expect(
            results == [
                .integer(12), "river", .number(0.5), .integer(4), .nil, .integer(5), .integer(4), "ground", "height",
                .boolean(true), .boolean(false),
            ])
    }

    @Test func classifyFillWhereAndApply() throws {
        let vm = try vm()
        let results = try vm.run(
            """
            local map = loom.map(4, 1)
            for x = 0, 3 do map:set_value(x, 0, "h", x / 4) end
            map:classify("ground", { { tile = "deep-water", h = { max = 0.25 } }, { tile = "beach", h = { 0.25, 0.5 } },
              { tile = "grassland" } })
            local changed = map:fill_where("ground", "snow", { h = { min = 0.75 }, tiles = { "grassland" } })
            map:apply(function(x, y, t) if t == 20 then return "desert" end end)
            map:apply_values("h", function(x, y, v) return v * 2 end)
            return map:get(0, 0), map:get(1, 0), map:get(2, 0), map:get(3, 0), changed, map:value(3, 0, "h")
            """)
        #expect(results == [.integer(10), .integer(21), .integer(22), .integer(31), .integer(1), .number(1.5)])
    }

    @Test func generatorsMatchTheirSwiftParameters() throws {
        let results = try vm().run(
            """
            return loom.dungeon({ width = 40, height = 30 }, 9):hash(), loom.caves({ width = 30, height = 20 }, 9):hash(),
              loom.maze({ width = 21, height = 11, algorithm = "eller" }, loom.seed(9)):hash()
            """)
        var maze = MazeParameters(width: 21, height: 11)
        maze.algorithm = .eller
        #expect(
            results[0]
                == .string(
                    String(try DungeonParameters(width: 40, height: 30).generate(seed: Seed(9)).stableHash, radix: 16)))
        #expect(
            results[1]
                == .string(
                    String(try CaveParameters(width: 30, height: 20).generate(seed: Seed(9)).stableHash, radix: 16)))
        #expect(results[2] == .string(String(try maze.generate(seed: Seed(9)).stableHash, radix: 16)))
    }

    @Test func regionsPathsAndDistances() throws {
        let results = try vm().run(
            """
            local map = loom.map(7, 3, "floor")
            for y = 0, 2 do map:set(3, y, "wall") end
            local regions = map:regions(nil, { into = "region" })
            local none = map:path(0, 0, 6, 0)
            map:set(3, 1, "door")
            local path = map:path(0, 1, 6, 1)
            local fx, fy = map:distance("d", { { 0, 0 } })
            return regions.count, regions.sizes[1], regions.sizes[2], none, #path, map:value(6, 2, "d"), fx, fy,
              map:value(3, 0, "d"), map:value(6, 0, "region")
            """)
        #expect(
            results == [
                .integer(2), .integer(9), .integer(9), .nil, .integer(7), .number(8), .integer(6), .integer(0),
                .number(-1), .number(1),
            ])
    }

    @Test func placesAndTiles() throws {
        let results = try vm().run(
            """
            local map = loom.map(10, 10, "grassland")
            map:place { kind = "town", name = "Ashby", x = 2, y = 3, w = 2, h = 2, size = 3 }
            map:set_property("Ashby", "port", true)
            local at = map:place_at(3, 4)
            local towns = map:places("town")
            return at.name, at.size, at.port, map:place_at(5, 5), #towns, loom.tile("river").id, loom.tile(3).name,
              loom.tile("door").properties.opens, loom.tile("nothing")
            """)
        #expect(
            results == [
                "Ashby", .integer(3), .boolean(true), .nil, .integer(1), .integer(12), "door", .boolean(true), .nil,
            ])
    }

    @Test func perTileRuleCoversAWholeMap() throws {
        let vm = try vm()
        let results = try vm.run(
            """
            local map = loom.map(256, 256, "grassland")
            local n = 0
            map:apply(function(x, y, t) if (x + y) % 2 == 0 then n = n + 1; return "desert" end end)
            return n, map:count("desert"), map:get(0, 0), map:get(1, 0)
            """)
        #expect(results == [.integer(32768), .integer(32768), .integer(21), .integer(22)])
    }

    @Test func terrainAndNamesMatchTheirSwiftModels() throws {
        let list = ["Ashby", "Belmouth", "Corhaven", "Dunford", "Eldwick", "Falport", "Garholm", "Holness"]
        let results = try vm().run(
            """
            local list = { "Ashby", "Belmouth", "Corhaven", "Dunford", "Eldwick", "Falport", "Garholm", "Holness" }
            local model = loom.names(list, { min = 4, max = 10, temperature = 0.5 })
            return loom.terrain({ width = 64, height = 48 }, 2):hash(), model:generate(5), model:generate("five")
            """)
        var terrain = TerrainParameters()
        terrain.width = 64
        terrain.height = 48
        let model = try NameModel.train(names: list)
        let options = NameOptions(minLength: 4, maxLength: 10, temperature: 0.5)
        #expect(results[0] == .string(String(try terrain.generate(seed: Seed(2)).stableHash, radix: 16)))
        #expect(results[1] == .string(try model.generate(seed: Seed(5), options: options)))
        #expect(results[2] == .string(try model.generate(seed: Seed(text: "five"), options: options)))
    }
}
