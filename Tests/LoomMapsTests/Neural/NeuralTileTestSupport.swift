import LoomCore
import LoomImage

@testable import LoomMaps

/// Tiny examples: 16×16 maps of 3 tile kinds, striped horizontally with a wall border.
enum NeuralFixtures {
    static let palette = [RGBA(0, 0, 0), RGBA(200, 200, 200), RGBA(40, 90, 200)]

    /// Rows alternate floor (1) and water (2), in stripes of height 2, framed by wall (0).
    static func striped(offset: Int) -> Grid<UInt16> {
        Grid(width: 16, height: 16) { x, y in
            if x == 0 || y == 0 || x == 15 || y == 15 { return 0 }
            return (y + offset) / 2 % 2 == 0 ? 1 : 2
        }
    }

    static var examples: NeuralTileExamples {
        get throws { try NeuralTileExamples(maps: [striped(offset: 0), striped(offset: 1)], palette: palette) }
    }

    static var parameters: NeuralTileParameters {
        var parameters = NeuralTileParameters()
        parameters.window = 5
        parameters.hidden = 16
        parameters.embedding = 4
        parameters.batchSize = 64
        parameters.learningRate = 0.02
        parameters.seed = 7
        return parameters
    }

    static func hash(_ grid: Grid<UInt16>) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(UInt64(grid.width))
        hasher.combine(UInt64(grid.height))
        for tile in grid.cells { hasher.combine(tile) }
        return hasher.finalize()
    }

    static func ascii(_ grid: Grid<UInt16>) -> String {
        (0..<grid.height).map { y in String((0..<grid.width).map { x in Array("#.~")[Int(grid[x, y])] }) }
            .joined(separator: "\n")
    }
}
