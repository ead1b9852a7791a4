import LoomCore

extension TileMap {
    /// The cost of entering each cell of the tile layer `layer` (default: the first), for
    /// ``PathFinder`` and ``DistanceMap``: a walkable tile costs its `cost` property when it
    /// has a positive number there, otherwise `1`; other tiles cost `.infinity` (walls).
    ///
    /// ```swift
    /// let path = PathFinder(costs: map.movementCosts()).path(from: entrance, to: exit)
    /// ```
    public func movementCosts(layer: String? = nil) -> Grid<Double> {
        let name = layer ?? mainLayerName
        guard let name, let tiles = tiles(name) else {
            return Grid(width: width, height: height, repeating: .infinity)
        }
        let table = tileset.lookupTable(missing: Double.infinity) { tile -> Double in
            guard tile.isWalkable else { return .infinity }
            switch tile.properties["cost"] {
            case .int(let cost) where cost > 0: return Double(cost)
            case .double(let cost) where cost > 0 && cost.isFinite: return cost
            default: return 1
            }
        }
        return tiles.mapped { Int($0) < table.count ? table[Int($0)] : .infinity }
    }

    /// The connected regions of cells whose tile satisfies `predicate`, on the tile layer
    /// `layer` (default: the first).
    public func regions(
        layer: String? = nil, connectivity: Connectivity = .four, where predicate: (Tile) -> Bool
    ) -> RegionLabels {
        let name = layer ?? mainLayerName
        guard let name, let tiles = tiles(name) else {
            return RegionLabels(Grid(width: width, height: height, repeating: false))
        }
        let table = tileset.lookupTable(missing: false, predicate)
        return RegionLabels(tiles.mapped { Int($0) < table.count && table[Int($0)] }, connectivity: connectivity)
    }
}
