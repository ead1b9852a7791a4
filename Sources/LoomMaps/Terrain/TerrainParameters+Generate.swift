import LoomCore

extension TerrainParameters {
    /// Makes the whole world map (`width × height` cells). A pure function of the parameters
    /// and `seed`; the same bytes on every run and any number of `threads` (which only the
    /// noise fills use; default: every active processor).
    public func generate(seed: Seed, threads: Int = Parallel.defaultThreadCount) throws -> TileMap {
        try validate()
        return try build(
            seed: seed, window: Rect(x: 0, y: 0, width: width, height: height), margin: 0, threads: threads)
    }

    /// Makes one square chunk of an endless world: the cells `chunkX·chunkSize ..<
    /// (chunkX+1)·chunkSize` by the same in y, in world coordinates. Chunks may lie anywhere
    /// within ±2⁴⁰ cells, also outside `0..<width` and `0..<height` (``width`` and ``height``
    /// then only place the island and the equator). `chunkSize` range: 1...8192.
    ///
    /// Chunk-exact: every layer — `height`, `moisture`, `temperature`, `biome`, `ground` (with
    /// rivers and lakes) and `flow` — equals, cell for cell, the same window of
    /// ``generate(seed:threads:)`` for any world size containing it, and chunks stitched
    /// together equal one big chunk, so seams never show. Rivers and lakes come from a drainage
    /// model whose every value depends only on the world within ``drainageMargin`` cells, which
    /// a chunk works out itself. The `river` annotations are the rivers' pieces within the chunk.
    ///
    /// Not chunk-exact: erosion (`erosion.droplets > 0`). Droplets wander over the whole height
    /// field in sequence, so a chunk erodes its window grown by ``chunkMargin`` cells and its
    /// `height` (and what follows from it) only comes close to the whole map's near the seams.
    public func generateChunk(
        seed: Seed, chunkX: Int, chunkY: Int, chunkSize: Int, threads: Int = Parallel.defaultThreadCount
    ) throws -> TileMap {
        try validate()
        try Check.range("chunkSize", chunkSize, 1...8192)
        // World cells stay far from overflow and exact as the noise's double coordinates.
        let limit = 1 << 40
        try Check.range("chunkX", chunkX, -(limit / chunkSize)...(limit / chunkSize))
        try Check.range("chunkY", chunkY, -(limit / chunkSize)...(limit / chunkSize))
        let window = Rect(x: chunkX * chunkSize, y: chunkY * chunkSize, width: chunkSize, height: chunkSize)
        var map = try build(
            seed: seed, window: window, margin: erosion.droplets > 0 ? chunkMargin : 0, threads: threads)
        map.properties["chunkX"] = .int(chunkX)
        map.properties["chunkY"] = .int(chunkY)
        return map
    }

    /// Computes `window` of the world, eroding it (when erosion is on) grown by `margin`.
    private func build(seed: Seed, window: Rect, margin: Int, threads: Int) throws -> TileMap {
        let biomeTable = try biomes.resolve(in: .standard)
        let ids = StandardTiles.shared
        let fields = TerrainFields(parameters: self, seed: seed, threads: threads)
        var heights: Grid<Float>
        if erosion.droplets > 0 {
            let region = window.insetBy(dx: -margin, dy: -margin)
            heights = fields.elevation(in: region)
            erosion.erode(&heights, seed: seed.derive(region.x, region.y))
            heights = heights.cropped(to: Rect(x: margin, y: margin, width: window.width, height: window.height))
        } else {
            heights = fields.elevation(in: window)
        }
        let moisture = fields.moisture(in: window)
        var drainage: Drainage?
        if rivers {
            let water = Drainage(
                window: window, heights: heights, moisture: moisture, parameters: self, fields: fields, seed: seed,
                threads: threads)
            for index in 0..<heights.count where water.rivers.cells[index] {
                heights.cells[index] = water.carved.cells[index]
            }
            drainage = water
        }
        let temperature = fields.temperature(in: window, elevation: heights)
        // Biomes and water from height, temperature and moisture, cell by cell.
        var biome = Grid<UInt16>(width: window.width, height: window.height, repeating: 0)
        for index in 0..<biome.count {
            let h = heights.cells[index]
            if h < seaLevel - shallowDepth {
                biome.cells[index] = ids.deepWater
            } else if h < seaLevel {
                biome.cells[index] = ids.shallowWater
            } else if h < seaLevel + beachHeight {
                biome.cells[index] = ids.beach
            } else {
                biome.cells[index] = biomeTable.biome(
                    temperature: temperature.cells[index], moisture: moisture.cells[index])
            }
        }
        var ground = biome
        var map = TileMap(width: window.width, height: window.height)
        if let drainage {
            for index in 0..<ground.count {
                if drainage.lakes.cells[index] {
                    ground.cells[index] = ids.lake
                } else if drainage.rivers.cells[index] {
                    ground.cells[index] = ids.river
                }
            }
            let courses = drainage.lattice.courses(
                in: window, threshold: riverThreshold, seaLevel: seaLevel, lakeDepth: lakeDepth
            ) {
                drainage.rivers[$0, $1]
            }
            var number = 0
            for course in courses where course.cells.count >= minimumRiverLength {
                number += 1
                map.annotations.append(
                    Annotation(
                        kind: .river, name: "river \(number)", points: course.cells,
                        properties: ["mouth": .string(course.mouth), "length": .int(course.cells.count)]))
            }
        }
        map.setTiles(ground, named: "ground")
        map.setTiles(biome, named: "biome")
        map.setValues(heights, named: "height")
        map.setValues(moisture, named: "moisture")
        map.setValues(temperature, named: "temperature")
        if let drainage { map.setValues(drainage.flow, named: "flow") }
        map.properties = [
            "generator": .string("terrain"), "seed": .string(seed.description), "originX": .int(window.x),
            "originY": .int(window.y),
        ]
        return map
    }
}
