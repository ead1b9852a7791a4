import LoomCore
import Testing

@testable import LoomMaps

@Suite struct HydrologyTests {
    /// A bowl-shaped island with a pit in the middle and a ridge: water must fill the pit and
    /// every land cell must still drain to the sea.
    static func island(size: Int = 48) -> Grid<Float> {
        Grid(width: size, height: size) { x, y in
            let dx = Float(x) - Float(size) / 2, dy = Float(y) - Float(size) / 2
            let r = (dx * dx + dy * dy).squareRoot() / (Float(size) / 2)
            let pit: Float = r < 0.2 ? -0.3 * (0.2 - r) / 0.2 : 0
            let ridge: Float = abs(Float(x) - Float(size) * 0.7) < 2 ? 0.1 : 0
            let ripple = 0.02 * Float((x * 7 + y * 13) % 5)
            return 0.6 - r * 0.9 + pit + ridge + ripple
        }
    }

    @Test func everyLandCellDrainsStrictlyDownhillToTheSea() {
        let heights = Self.island()
        let sea: Float = 0.1
        let hydrology = Hydrology(heights: heights, seaLevel: sea)
        let width = heights.width
        for index in 0..<heights.count {
            #expect(hydrology.filled.cells[index] >= heights.cells[index])
            guard heights.cells[index] >= sea else {
                #expect(hydrology.downstream.cells[index] == -1)
                continue
            }
            // Follow the flow: strictly downhill on the filled surface until the sea or the edge.
            var current = index
            var steps = 0
            while hydrology.downstream.cells[current] >= 0 {
                let next = Int(hydrology.downstream.cells[current])
                #expect(hydrology.filled.cells[next] < hydrology.filled.cells[current])
                let dx = abs(next % width - current % width), dy = abs(next / width - current / width)
                #expect(dx <= 1 && dy <= 1)
                current = next
                steps += 1
                if steps > heights.count { break }
            }
            let x = current % width, y = current / width
            let atEdge = x == 0 || y == 0 || x == width - 1 || y == heights.height - 1
            #expect(heights.cells[current] < sea || atEdge)
        }
    }

    @Test func thePitIsFilledAndAccumulationConservesRain() {
        let heights = Self.island()
        let hydrology = Hydrology(heights: heights, seaLevel: 0.1)
        let center = 24 * 48 + 24
        #expect(hydrology.filled.cells[center] > heights.cells[center] + 0.05)
        // All rain ends at outlets: the outlets' accumulation sums to the land cell count plus sea cells.
        var atOutlets: Float = 0
        for index in 0..<heights.count where hydrology.downstream.cells[index] < 0 {
            atOutlets += hydrology.accumulation.cells[index]
        }
        #expect(atOutlets == Float(heights.count))
        #expect(hydrology.accumulation.cells.max()! > 50)
    }

    @Test func erosionIsDeterministicAndChangesTheLand() {
        var a = Self.island(size: 64), b = a
        let original = a
        var erosion = ErosionParameters()
        erosion.droplets = 2000
        erosion.erode(&a, seed: Seed(3))
        erosion.erode(&b, seed: Seed(3))
        #expect(a == b)
        #expect(a != original)
        #expect(a.cells.allSatisfy { $0.isFinite })
        var c = original
        erosion.erode(&c, seed: Seed(4))
        #expect(c != a)
    }
}
