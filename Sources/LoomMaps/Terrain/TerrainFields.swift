import LoomCore
import LoomNoise

/// The per-cell fields of a terrain, each a pure function of world coordinates, so any window
/// of the world can be computed on its own and matches the same window of a larger map.
struct TerrainFields: Sendable {
    let parameters: TerrainParameters
    let elevationNoise: NoiseGenerator
    let warpNoise: NoiseGenerator?
    let continentNoise: NoiseGenerator
    let moistureNoise: NoiseGenerator
    let threads: Int

    init(parameters: TerrainParameters, seed: Seed, threads: Int) {
        self.parameters = parameters
        self.threads = max(1, threads)
        // The terrain seed and each generator's own seed both count.
        func mixed(_ noise: NoiseGenerator, _ label: String) -> NoiseGenerator {
            var copy = noise
            copy.seed = Seed(seed.derive(label).rawValue ^ noise.seed.rawValue)
            return copy
        }
        elevationNoise = mixed(parameters.elevation, "terrain.elevation")
        warpNoise = parameters.domainWarp ? mixed(parameters.warp, "terrain.warp") : nil
        continentNoise = mixed(parameters.continents, "terrain.continents")
        moistureNoise = mixed(parameters.moisture, "terrain.moisture")
    }

    private func origin(_ region: Rect) -> SIMD2<Double> { SIMD2(Double(region.x), Double(region.y)) }

    /// Shaped height over `region` (world cells).
    func elevation(in region: Rect) -> Grid<Float> {
        var heights = Grid(width: region.width, height: region.height, repeating: Float(0))
        elevationNoise.fill(&heights, origin: origin(region), warpedBy: warpNoise, threads: threads)
        switch parameters.shape {
        case .none:
            break
        case .island:
            heights.withUnsafeMutableBufferPointer { h in
                for y in 0..<region.height {
                    for x in 0..<region.width {
                        let i = y * region.width + x
                        h[i] = island(h[i], x: region.x + x, y: region.y + y)
                    }
                }
            }
        case .continents:
            var mask = Grid(width: region.width, height: region.height, repeating: Float(0))
            continentNoise.fill(&mask, origin: origin(region), threads: threads)
            heights.withUnsafeMutableBufferPointer { h in
                mask.withUnsafeBufferPointer { c in
                    for i in 0..<h.count { h[i] = Self.continent(h[i], mask: c[i]) }
                }
            }
        }
        return heights
    }

    /// Shaped height at one world cell: the same value ``elevation(in:)`` gives that cell, since
    /// the fills equal the noise's point samples and the shaping is shared.
    func elevation(x: Int, y: Int) -> Float {
        let px = Double(x), py = Double(y)
        let raw: Float
        if let warpNoise {
            raw = Float(elevationNoise.sample(x: px, y: py, warpedBy: warpNoise))
        } else {
            raw = Float(elevationNoise.sample(x: px, y: py))
        }
        switch parameters.shape {
        case .none: return raw
        case .island: return island(raw, x: x, y: y)
        case .continents: return Self.continent(raw, mask: Float(continentNoise.sample(x: px, y: py)))
        }
    }

    /// Moisture in `0...1` at the corners of lattice blocks: cell `(c, r)` of the result is the
    /// moisture at world cell `((blocks.x + c)·spacing, (blocks.y + r)·spacing)`, the value
    /// ``moisture(in:)`` gives that cell.
    func moisture(atCorners blocks: Rect, spacing: Int) -> Grid<Float> {
        var values = Grid(width: blocks.width, height: blocks.height, repeating: Float(0))
        let origin = SIMD2(Double(blocks.x * spacing), Double(blocks.y * spacing))
        moistureNoise.fill(&values, origin: origin, step: Double(spacing), threads: threads)
        values.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count { m[i] = Self.moistureLevel(m[i]) }
        }
        return values
    }

    @inline(__always)
    private func island(_ h: Float, x: Int, y: Int) -> Float {
        let halfWidth = Float(parameters.width) / 2, halfHeight = Float(parameters.height) / 2
        let nx = (Float(x) + 0.5 - halfWidth) / halfWidth
        let ny = (Float(y) + 0.5 - halfHeight) / halfHeight
        return 0.6 * h + 0.35 - parameters.islandFalloff * (nx * nx + ny * ny)
    }

    @inline(__always)
    private static func continent(_ h: Float, mask: Float) -> Float { 0.5 * h + 0.8 * mask + 0.05 }

    @inline(__always)
    private static func moistureLevel(_ noise: Float) -> Float { min(max(0.5 + 0.5 * noise, 0), 1) }

    /// Moisture in `0...1` over `region`.
    func moisture(in region: Rect) -> Grid<Float> {
        var values = Grid(width: region.width, height: region.height, repeating: Float(0))
        moistureNoise.fill(&values, origin: origin(region), threads: threads)
        values.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count { m[i] = Self.moistureLevel(m[i]) }
        }
        return values
    }

    /// Temperature in `0...1` over `region`: warm at the equator, cold at the poles and on heights.
    func temperature(in region: Rect, elevation: Grid<Float>) -> Grid<Float> {
        var values = Grid(width: region.width, height: region.height, repeating: Float(0))
        let equator = parameters.equatorY * Double(parameters.height)
        let polar = parameters.polarDistance * Double(parameters.height)
        let sea = parameters.seaLevel, cooling = parameters.altitudeCooling
        let span = max(1 - sea, 1e-3)
        values.withUnsafeMutableBufferPointer { t in
            elevation.withUnsafeBufferPointer { e in
                for y in 0..<region.height {
                    let latitude = Float(min(abs(Double(region.y + y) + 0.5 - equator) / polar, 1))
                    for x in 0..<region.width {
                        let i = y * region.width + x
                        let altitude = max(0, (e[i] - sea) / span)
                        t[i] = min(max(1 - latitude - cooling * altitude, 0), 1)
                    }
                }
            }
        }
        return values
    }
}
