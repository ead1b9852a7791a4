import LoomCore
import LoomNoise
import Testing

@testable import LoomMaps

@Suite("Float-layer arithmetic (radial, combine, normalize, transform, noise, argmax, window counts)")
struct LayerMathTests {
    static func layer(_ values: [Float], width: Int = 3) -> Grid<Float> {
        Grid(width: width, height: values.count / width, cells: values)!
    }

    @Test("radial is 0 at the centre, 1 at the middle of each edge, √2 at the corners of a square")
    func radial() {
        let square = Grid<Float>.radial(width: 5, height: 5)
        #expect(square[2, 2] == 0)
        #expect(square[0, 2] == 1 && square[4, 2] == 1 && square[2, 0] == 1 && square[2, 4] == 1)
        #expect(abs(square[0, 0] - Float(2).squareRoot()) < 1e-6)
        // Elliptical on a wide map: the edges' middles are still 1.
        let wide = Grid<Float>.radial(width: 9, height: 3)
        #expect(wide[0, 1] == 1 && wide[8, 1] == 1 && wide[4, 0] == 1)
        // One cell wide: no division by zero.
        #expect(Grid<Float>.radial(width: 1, height: 1).cells == [0])
    }

    @Test(
        "combined applies a op (b · weight) cell by cell",
        arguments: [
            (LayerCombination.add, [Float(3), 0, 4]), (.sub, [-1, 4, 2]), (.mul, [2, -4, 3]),
            (.min, [1, -2, 1]), (.max, [2, 2, 3]),
        ])
    func combined(operation: LayerCombination, expected: [Float]) {
        // b · weight is [2, -2, 1].
        let a = Self.layer([1, 2, 3]), b = Self.layer([1, -1, 0.5])
        #expect(a.combined(with: b, operation, weight: 2).cells == expected)
    }

    @Test("normalize maps the lowest value to low and the highest to high; a flat layer stays")
    func normalize() {
        var layer = Self.layer([2, 4, 6])
        layer.normalize()
        #expect(layer.cells == [0, 0.5, 1])
        layer.normalize(low: -1, high: 3)
        #expect(layer.cells == [-1, 1, 3])
        var flat = Self.layer([5, 5, 5])
        flat.normalize()
        #expect(flat.cells == [5, 5, 5])
    }

    @Test("transform makes every v into v · mul + add")
    func transform() {
        var layer = Self.layer([1, -2, 0.5])
        layer.transform(multiplying: 2, adding: 1)
        #expect(layer.cells == [3, -3, 2])
    }

    @Test("fill(noise:) is the generator's fill, then scaled and offset")
    func fillNoise() {
        let noise = NoiseGenerator(seed: Seed(3), frequency: 0.1)
        var plain = Grid(width: 16, height: 8, repeating: Float(0))
        noise.fill(&plain, origin: SIMD2(4, 2), step: 0.5, threads: 1)
        var scaled = Grid(width: 16, height: 8, repeating: Float(9))
        scaled.fill(noise: noise, origin: SIMD2(4, 2), step: 0.5, scale: 0.5, offset: 0.5)
        #expect(scaled.cells == plain.cells.map { $0 * 0.5 + 0.5 })
        var unscaled = Grid(width: 16, height: 8, repeating: Float(9))
        unscaled.fill(noise: noise, origin: SIMD2(4, 2), step: 0.5)
        #expect(unscaled.cells == plain.cells)
    }

    @Test("argmax finds the highest accepted cell, the first in row order on ties, nil when none passes")
    func argmax() {
        let layer = Self.layer([1, 7, 3, 7, 2, 9])
        #expect(layer.argmax { _ in true } == 5)
        #expect(layer.argmax { $0 < 5 } == 1)
        #expect(layer.argmax { _ in false } == nil)
    }

    @Test("window counts equal a direct count over the clipped square window")
    func windowCounts() {
        var random = SplitMix64(seed: Seed(9))
        let width = 13, height = 7
        let marked = (0..<(width * height)).map { _ in random.nextDouble() < 0.4 }
        for radius in [0, 1, 2, 20] {
            let counts = Grid<Float>.windowCounts(width: width, height: height, radius: radius) { marked[$0] }
            for y in 0..<height {
                for x in 0..<width {
                    var direct = 0
                    for yy in max(0, y - radius)..<min(height, y + radius + 1) {
                        for xx in max(0, x - radius)..<min(width, x + radius + 1) where marked[yy * width + xx] {
                            direct += 1
                        }
                    }
                    #expect(counts[x, y] == Float(direct), "radius \(radius) at \(x),\(y)")
                }
            }
        }
    }
}
