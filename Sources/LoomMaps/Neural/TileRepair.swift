import LoomCore

/// A step that edits a generated tile grid so a promised property holds.
///
/// The neural sampler hands its output to a repair: ``ConnectivityRepair`` joins walkable
/// regions, ``WFCRepair`` re-solves with the WFC solver the neighbourhoods of patterns the
/// examples never show. Repairs compose by running one after the other.
public protocol TileRepair {
    /// Repairs `tiles` in place, deterministically for `seed`; throws when the property cannot
    /// be established.
    func repair(_ tiles: inout Grid<UInt16>, seed: Seed) throws
}

/// Joins every walkable region to the largest by carving shortest paths through the others.
///
/// Each step labels the walkable regions (``RegionLabels``, 4-connected), grows a breadth-first
/// search from the largest region, and carves the first route that reaches another region
/// with ``carveTile``. Routes are as short as possible in steps, so few cells change.
public struct ConnectivityRepair: TileRepair, Sendable {
    /// Tile ids a walker can stand on.
    public var walkable: Set<UInt16>
    /// The tile written into carved cells; must be walkable.
    public var carveTile: UInt16

    /// A repair for the given walkable tiles, carving with `carveTile`.
    public init(walkable: Set<UInt16>, carveTile: UInt16) {
        self.walkable = walkable
        self.carveTile = carveTile
    }

    /// A repair whose carve tile is the most common walkable tile of `examples`.
    public init(walkable: Set<UInt16>, examples: NeuralTileExamples) throws {
        let shares = examples.distribution
        guard
            let best = walkable.filter({ Int($0) < shares.count }).max(by: {
                (shares[Int($0)], $1) < (shares[Int($1)], $0)
            })
        else {
            throw LoomError(.invalidArgument, "no walkable tile kind is in the examples")
        }
        self.init(walkable: walkable, carveTile: best)
    }

    public func repair(_ tiles: inout Grid<UInt16>, seed: Seed) throws {
        guard walkable.contains(carveTile) else {
            throw LoomError(.invalidArgument, "the carve tile \(carveTile) is not walkable")
        }
        let width = tiles.width
        let count = tiles.count
        var previous = [Int32](repeating: -1, count: count)
        var queue = [Int32](repeating: 0, count: count)
        while true {
            let labels = RegionLabels(tiles) { walkable.contains($0) }
            guard labels.count > 1, let main = labels.largest else { return }
            for i in 0..<count { previous[i] = -1 }
            var head = 0, tail = 0
            for i in 0..<count where labels.labels[unchecked: i] == Int32(main) {
                previous[i] = Int32(i)
                queue[tail] = Int32(i)
                tail += 1
            }
            var reached = -1
            search: while head < tail {
                let cell = Int(queue[head])
                head += 1
                let x = cell % width, y = cell / width
                for (nx, ny) in [(x, y - 1), (x - 1, y), (x + 1, y), (x, y + 1)] {
                    guard nx >= 0, ny >= 0, nx < width, ny < tiles.height else { continue }
                    let next = ny * width + nx
                    guard previous[next] < 0 else { continue }
                    previous[next] = Int32(cell)
                    let label = labels.labels[unchecked: next]
                    if label >= 0, label != Int32(main) {
                        reached = next
                        break search
                    }
                    queue[tail] = Int32(next)
                    tail += 1
                }
            }
            guard reached >= 0 else { return }
            var cell = Int(previous[reached])
            while previous[cell] != Int32(cell) {
                tiles[unchecked: cell] = carveTile
                cell = Int(previous[cell])
            }
        }
    }
}
