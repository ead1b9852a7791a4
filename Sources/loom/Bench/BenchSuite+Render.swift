import Foundation
import Loom
import LoomPlayground

extension BenchSuite {
    /// The playground's drawing and reseed latency, offscreen with the software renderer.
    static let render = BenchSuite(name: "render") {
        // SDL's offscreen driver unless SDL_VIDEODRIVER names another (`dummy`, or `x11` to
        // include a real window's present).
        LoomPlayground.prepareHeadlessVideo()
        let driver = ProcessInfo.processInfo.environment["SDL_VIDEODRIVER"] ?? "offscreen"
        var benchmarks: [Benchmark] = []

        for (label, withText) in [("map", false), ("HUD", true)] {
            var options = PlaygroundOptions()
            options.softwareRenderer = true
            options.synchronousGeneration = true
            options.showsHUD = withText
            options.showsPanels = withText
            let session = try PlaygroundSession(content: islandContent(size: 512), options: options, hidden: true)
            try session.step()
            benchmarks.append(
                Benchmark(name: "frame 512x512@1280x720 \(label) (\(driver))", unit: "frames/s", work: 1, scale: 1) {
                    _ = try? session.step()
                })
        }

        var options = PlaygroundOptions()
        options.softwareRenderer = true
        let session = try PlaygroundSession(content: islandContent(size: 256), options: options, hidden: true)
        session.waitForGeneration()
        benchmarks.append(
            Benchmark(name: "reseed 256x256 to screen (\(driver))", unit: "reseeds/s", work: 1, scale: 1) {
                _ = try? session.step([.key(.character("r"))])
                while session.mapSeed != session.seed { _ = try? session.step() }
            })
        let island = islandContent(size: 256)
        benchmarks.append(
            Benchmark(name: "generate 256x256 island (no window)", unit: "maps/s", work: 1, scale: 1) {
                blackHole(try? island.generate(seed: Seed(1), parameters: PreviewParameterValues()))
            })
        return benchmarks
    }

    /// A seeded value-noise island for the benchmark: four octaves of bilinear lattice noise,
    /// lowered towards the edges, coloured by height. Not a product generator: `LoomMaps`
    /// owns those; this only gives the playground realistic work to draw.
    static func islandContent(size: Int) -> GeneratedContent {
        GeneratedContent(name: "island", parameters: [.number("sea level", default: 0.45, range: 0...1, step: 0.05)]) {
            seed, values in
            let sea = values["sea level", default: 0.45]
            let height = islandHeights(seed: seed, size: size)
            let image = RGBAImage(height) { h -> RGBA in
                switch h - sea {
                case ..<(-0.12): RGBA(24, 52, 110)
                case ..<0: RGBA(48, 96, 170)
                case ..<0.04: RGBA(220, 204, 150)
                case ..<0.2: RGBA(90, 160, 70)
                case ..<0.32: RGBA(40, 110, 50)
                case ..<0.42: RGBA(120, 110, 100)
                default: RGBA(240, 240, 245)
                }
            }
            let walkable = height.map { $0 >= sea }
            return PreviewMap(layers: [PreviewLayer(name: "terrain", image: image)], walkable: walkable)!
        }
    }

    private static func islandHeights(seed: Seed, size: Int) -> Grid<Double> {
        var heights = Grid(width: size, height: size, repeating: 0.0)
        var amplitude = 0.5
        var cells = 4
        for octave in 0..<4 {
            let octaveSeed = seed.derive("octave").derive(octave, 0)
            let lattice = Grid<Double>(width: cells + 1, height: cells + 1) { x, y -> Double in
                Double(octaveSeed.derive(x, y).rawValue >> 11) / Double(1 << 53)
            }
            let scale = Double(cells) / Double(size)
            for y in 0..<size {
                let fy = Double(y) * scale, y0 = Int(fy), ty = fy - Double(y0)
                for x in 0..<size {
                    let fx = Double(x) * scale, x0 = Int(fx), tx = fx - Double(x0)
                    let top = lattice[x0, y0] * (1 - tx) + lattice[x0 + 1, y0] * tx
                    let bottom = lattice[x0, y0 + 1] * (1 - tx) + lattice[x0 + 1, y0 + 1] * tx
                    heights[x, y] += amplitude * (top * (1 - ty) + bottom * ty)
                }
            }
            amplitude *= 0.5
            cells *= 2
        }
        let centre = Double(size) / 2
        for y in 0..<size {
            for x in 0..<size {
                let dx = (Double(x) - centre) / centre, dy = (Double(y) - centre) / centre
                heights[x, y] -= 0.35 * (dx * dx + dy * dy)
            }
        }
        return heights
    }
}
