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
    /// (chunkX+1)·chunkSize` by the same in y, in world coordinates. Chunks may lie anywhere,
    /// also outside `0..<width` and `0..<height` (``width`` and ``height`` then only place the
    /// island and the equator).
    ///
    /// Chunk-exact layers — equal, cell for cell, to the same window of ``generate(seed:)``,
    /// so seams never show: `height`, `moisture`, `temperature` and `biome`, as long as
    /// erosion is off (`erosion.droplets == 0`). Rivers, lakes and erosion need the whole drainage basin: a chunk
    /// computes them on the chunk grown by ``chunkMargin`` cells on each side, so the `ground`
    /// and `flow` layers match a whole map closely but not exactly at the seams.
    public func generateChunk(
        seed: Seed, chunkX: Int, chunkY: Int, chunkSize: Int, threads: Int = Parallel.defaultThreadCount
    ) throws -> TileMap {
        try validate()
        try Check.range("chunkSize", chunkSize, 1...8192)
        let window = Rect(x: chunkX * chunkSize, y: chunkY * chunkSize, width: chunkSize, height: chunkSize)
        let margin = rivers || erosion.droplets > 0 ? chunkMargin : 0
        var map = try build(seed: seed, window: window, margin: margin, threads: threads)
        map.properties["chunkX"] = .int(chunkX)
        map.properties["chunkY"] = .int(chunkY)
        return map
    }

    /// Computes `window` of the world, with rivers and erosion worked out on the window grown
    /// by `margin` and then cropped.
    private func build(seed: Seed, window: Rect, margin: Int, threads: Int) throws -> TileMap {
        let biomeTable = try biomes.resolve(in: .standard)
        let ids = StandardTiles.shared
        let region = window.insetBy(dx: -margin, dy: -margin)
        let fields = TerrainFields(parameters: self, seed: seed, threads: threads)
        var heights = fields.elevation(in: region)
        let moisture = fields.moisture(in: region)
        if erosion.droplets > 0 { erosion.erode(&heights, seed: seed.derive(region.x, region.y)) }
        let temperature = fields.temperature(in: region, elevation: heights)
        // Biomes and water from height, temperature and moisture, cell by cell.
        var biome = Grid<UInt16>(width: region.width, height: region.height, repeating: 0)
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
        var flow: Grid<Float>?
        var courses: [(cells: [Point], mouth: String)] = []
        if rivers {
            let rainfall = moisture.mapped { 0.25 + $0 }
            let hydrology = Hydrology(heights: heights, seaLevel: seaLevel, rainfall: rainfall)
            let water = TerrainRivers(
                heights: heights, hydrology: hydrology, seaLevel: seaLevel, threshold: riverThreshold,
                lakeDepth: lakeDepth)
            for index in 0..<ground.count {
                if water.lakes.cells[index] {
                    ground.cells[index] = ids.lake
                } else if water.rivers.cells[index] {
                    ground.cells[index] = ids.river
                }
            }
            flow = hydrology.accumulation
            courses = water.courses
        }
        // Crop the margin away.
        let inner = Rect(x: margin, y: margin, width: window.width, height: window.height)
        var map = TileMap(width: window.width, height: window.height)
        map.setTiles(ground.cropped(to: inner), named: "ground")
        map.setTiles(biome.cropped(to: inner), named: "biome")
        map.setValues(heights.cropped(to: inner), named: "height")
        map.setValues(moisture.cropped(to: inner), named: "moisture")
        map.setValues(temperature.cropped(to: inner), named: "temperature")
        if let flow { map.setValues(flow.cropped(to: inner), named: "flow") }
        var number = 0
        for course in courses {
            let cells = course.cells.compactMap { point -> Point? in
                let p = Point(x: point.x - margin, y: point.y - margin)
                return p.x >= 0 && p.y >= 0 && p.x < window.width && p.y < window.height ? p : nil
            }
            guard cells.count >= minimumRiverLength else { continue }
            number += 1
            map.annotations.append(
                Annotation(
                    kind: .river, name: "river \(number)", points: cells,
                    properties: ["mouth": .string(course.mouth), "length": .int(cells.count)]))
        }
        map.properties = [
            "generator": .string("terrain"), "seed": .string(seed.description), "originX": .int(window.x),
            "originY": .int(window.y),
        ]
        return map
    }
}
