import LoomCore

/// Rivers and lakes painted onto a ground layer from a ``Hydrology``.
struct TerrainRivers {
    /// Lake cells: land whose filled surface stands above the ground by more than the lake depth.
    var lakes: Grid<Bool>
    /// River cells: land (not lake) where accumulated rain reaches the threshold.
    var rivers: Grid<Bool>
    /// Each river from its source to where it ends, in order.
    var courses: [(cells: [Point], mouth: String)]

    init(heights: Grid<Float>, hydrology: Hydrology, seaLevel: Float, threshold: Float, lakeDepth: Float) {
        let width = heights.width, count = heights.count
        var lakes = Grid(width: width, height: heights.height, repeating: false)
        var rivers = lakes
        for index in 0..<count where heights.cells[index] >= seaLevel {
            if hydrology.filled.cells[index] - heights.cells[index] > lakeDepth {
                lakes.cells[index] = true
            } else if hydrology.accumulation.cells[index] >= threshold {
                rivers.cells[index] = true
            }
        }
        // A source is a river cell no river flows into; trace each down to the sea, a lake,
        // the edge, or a river already traced (a confluence).
        var fed = [Bool](repeating: false, count: count)
        for index in 0..<count where rivers.cells[index] {
            let next = Int(hydrology.downstream.cells[index])
            if next >= 0 { fed[next] = true }
        }
        var traced = [Bool](repeating: false, count: count)
        var courses: [(cells: [Point], mouth: String)] = []
        for source in 0..<count where rivers.cells[source] && !fed[source] {
            var cells: [Point] = []
            var index = source
            var mouth = "edge"
            while true {
                cells.append(Point(x: index % width, y: index / width))
                traced[index] = true
                let next = Int(hydrology.downstream.cells[index])
                guard next >= 0 else { break }
                if heights.cells[next] < seaLevel {
                    mouth = "sea"
                    break
                }
                if lakes.cells[next] {
                    mouth = "lake"
                    break
                }
                if traced[next] {
                    mouth = "river"
                    break
                }
                guard rivers.cells[next] else { break }
                index = next
            }
            courses.append((cells, mouth))
        }
        self.lakes = lakes
        self.rivers = rivers
        self.courses = courses
    }
}
