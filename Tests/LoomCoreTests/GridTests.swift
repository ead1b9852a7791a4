import Foundation
import LoomCore
import Testing

@Suite struct GridTests {
    @Test func storesRowMajor() {
        var grid = Grid(width: 3, height: 2, repeating: 0)
        grid[2, 1] = 7
        grid[Point(x: 0, y: 1)] = 5
        #expect(grid.cells == [0, 0, 0, 5, 0, 7])
        #expect(grid.index(x: 2, y: 1) == 5)
        #expect(grid.at(x: 3, y: 0) == nil)
    }

    @Test func edgeModesClampAndWrap() {
        let grid = Grid(width: 3, height: 2, computing: { x, y in y * 3 + x })
        #expect(grid.at(x: -1, y: 0, edge: .clamp) == 0)
        #expect(grid.at(x: 5, y: 9, edge: .clamp) == 5)
        #expect(grid.at(x: -1, y: 0, edge: .wrap) == 2)
        #expect(grid.at(x: 3, y: -1, edge: .wrap) == 3)
    }

    @Test func neighbourhoodsRespectBounds() {
        let grid = Grid(width: 3, height: 3, repeating: 0)
        #expect(grid.neighbours4(of: Point(x: 0, y: 0)) == [Point(x: 1, y: 0), Point(x: 0, y: 1)])
        #expect(grid.neighbours8(of: Point(x: 1, y: 1)).count == 8)
        #expect(grid.neighbours4(of: Point(x: 0, y: 0), edge: .wrap).count == 4)
        #expect(grid.neighbours4(of: Point(x: 0, y: 0), edge: .wrap).contains(Point(x: 2, y: 0)))
        var visited: [Point] = []
        grid.forEachNeighbour8(x: 2, y: 2) { visited.append(Point(x: $0, y: $1)) }
        #expect(visited == [Point(x: 1, y: 2), Point(x: 1, y: 1), Point(x: 2, y: 1)])
    }

    @Test func fillMapAndCrop() {
        var grid = Grid(width: 4, height: 4, repeating: 1)
        grid.fill(Rect(x: 2, y: 2, width: 5, height: 5), with: 9)
        #expect(grid.cells.filter { $0 == 9 }.count == 4)
        let doubled = grid.map { $0 * 2 }
        #expect(doubled[3, 3] == 18)
        let crop = grid.cropped(to: Rect(x: 1, y: 1, width: 2, height: 2))
        #expect(crop.cells == [1, 1, 1, 9])
    }

    @Test func codableRejectsWrongCellCount() throws {
        let grid = Grid(width: 2, height: 2, computing: { x, y in x + y })
        let data = try JSONEncoder().encode(grid)
        #expect(try JSONDecoder().decode(Grid<Int>.self, from: data) == grid)
        let bad = Data(#"{"width":2,"height":2,"cells":[1,2,3]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Grid<Int>.self, from: bad) }
    }

    @Test func parallelChunksCoverEveryRowOnceWhateverTheThreadCount() {
        for threads in [1, 2, 7] {
            let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: 1000)
            hits.initialize(repeating: 0)
            nonisolated(unsafe) let shared = hits
            Parallel.forEachChunk(of: 1000, chunkSize: 64, threads: threads) { range in
                for i in range { shared[i] += 1 }
            }
            #expect(hits.allSatisfy { $0 == 1 })
            hits.deallocate()
        }
    }

    @Test func sizeParsing() {
        #expect(Size(parsing: "256x128") == Size(width: 256, height: 128))
        #expect(Size(parsing: "0x5") == nil)
        #expect(Size(parsing: "12") == nil)
    }
}
