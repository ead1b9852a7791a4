import LoomCore

/// Rules of the simple tiled model: every distinct rotation or reflection of a tile is a
/// pattern (a *variant*), and neighbour rules, closed under turning and mirroring the pair,
/// say which variants may touch.
///
/// Variant `v` is tile ``variantTile``[v] turned ``variantTurn``[v] quarter turns
/// counter-clockwise (4…7: mirrored left-right, then turned `k − 4`), as far as the tile's
/// symmetry tells them apart.
///
/// ```swift
/// let tileset = try TilesetDescription.load(from: "Knots/data.xml")
/// let rules = try TiledRules(tileset, subset: "Standard")
/// let solver = try WFCSolver(rules: rules, width: 24, height: 24, options: .init(periodic: true))
/// ```
public struct TiledRules: WFCRules {
    /// The tiles in use (the subset's, or all), in file order.
    public let tiles: [TilesetDescription.Tile]
    /// For each variant, the index of its tile in ``tiles``.
    public let variantTile: [Int]
    /// For each variant, its turn (0…7) relative to the tile's image.
    public let variantTurn: [Int]
    /// The first variant of each tile.
    public let firstVariant: [Int]
    public let patternCount: Int
    public let weights: [Double]
    public let propagator: WFCPropagator
    /// `action[v * 8 + k]`: the variant `v` becomes under symmetry `k` (0–3: quarter turns
    /// counter-clockwise; 4–7: mirrored left-right, then turned `k − 4`).
    let action: [Int]

    /// Rules from a tileset, using only the tiles of `subset` when given. Throws a located
    /// `.format` error for an unknown symmetry letter, tile, variant or subset.
    public init(_ tileset: TilesetDescription, subset: String? = nil) throws {
        var allowedNames: Set<String>?
        if let subset {
            guard let names = tileset.subsets[subset] else {
                let known = tileset.subsets.keys.sorted().joined(separator: ", ")
                throw LoomError(
                    .invalidArgument, "no subset named '\(subset)'; expected one of: \(known)",
                    at: SourceLocation(file: tileset.file))
            }
            allowedNames = Set(names)
        }
        var tiles: [TilesetDescription.Tile] = []
        var variantTile: [Int] = [], variantTurn: [Int] = [], firstVariant: [Int] = []
        var weights: [Double] = [], action: [Int] = []
        var tileIndex: [String: Int] = [:]
        for tile in tileset.tiles where allowedNames?.contains(tile.name) ?? true {
            guard let group = TileSymmetry(letter: tile.symmetry) else {
                throw LoomError(
                    .format, "tile '\(tile.name)' has symmetry '\(tile.symmetry)'; expected X, I, \\, L, T or F",
                    at: tile.location ?? SourceLocation(file: tileset.file))
            }
            guard tile.weight > 0, tile.weight.isFinite else {
                throw LoomError(
                    .format, "tile '\(tile.name)' needs a positive weight, got \(tile.weight)",
                    at: tile.location ?? SourceLocation(file: tileset.file))
            }
            guard tileIndex[tile.name] == nil else {
                throw LoomError(
                    .format, "tile '\(tile.name)' is declared twice",
                    at: tile.location ?? SourceLocation(file: tileset.file))
            }
            let first = weights.count
            tileIndex[tile.name] = tiles.count
            firstVariant.append(first)
            for k in 0..<group.cardinality {
                variantTile.append(tiles.count)
                variantTurn.append(group.turn(of: k))
                weights.append(tile.weight)
                let turned = { (i: Int) in group.rotate(i) }
                var image = [Int](repeating: 0, count: 8)
                var r = k
                for s in 0..<4 {
                    image[s] = first + r
                    image[s + 4] = first + group.reflect(r)
                    r = turned(r)
                }
                action.append(contentsOf: image)
            }
            tiles.append(tile)
        }
        if let allowedNames {
            for name in allowedNames.sorted() where tileIndex[name] == nil {
                throw LoomError(
                    .format, "subset '\(subset ?? "")' names tile '\(name)', which the tileset does not declare",
                    at: SourceLocation(file: tileset.file))
            }
        }
        guard !weights.isEmpty else {
            throw LoomError(.format, "the tileset declares no tiles", at: SourceLocation(file: tileset.file))
        }

        var pairs: [(Int, Int, WFCDirection)] = []
        for rule in tileset.neighbors {
            let location = rule.location ?? SourceLocation(file: tileset.file)
            let left = try Self.variant(rule.left, tileIndex: tileIndex, tileset: tileset, at: location)
            let right = try Self.variant(rule.right, tileIndex: tileIndex, tileset: tileset, at: location)
            guard let leftTile = left, let rightTile = right else { continue }
            let L = action[firstVariant[leftTile.tile] * 8 + leftTile.turn]
            let R = action[firstVariant[rightTile.tile] * 8 + rightTile.turn]
            let D = action[L * 8 + 1], U = action[R * 8 + 1]
            let act = { (v: Int, k: Int) in action[v * 8 + k] }
            pairs.append((L, R, .right))
            pairs.append((act(L, 6), act(R, 6), .right))
            pairs.append((act(R, 4), act(L, 4), .right))
            pairs.append((act(R, 2), act(L, 2), .right))
            pairs.append((U, D, .down))
            pairs.append((act(D, 6), act(U, 6), .down))
            pairs.append((act(U, 4), act(D, 4), .down))
            pairs.append((act(D, 2), act(U, 2), .down))
        }
        self.tiles = tiles
        self.variantTile = variantTile
        self.variantTurn = variantTurn
        self.firstVariant = firstVariant
        self.patternCount = weights.count
        self.weights = weights
        self.action = action
        self.propagator = WFCPropagator(patternCount: weights.count, pairs: pairs)
    }

    /// Parses `"name"` or `"name k"`; `nil` when the tile is outside the subset in use.
    private static func variant(
        _ text: String, tileIndex: [String: Int], tileset: TilesetDescription, at location: SourceLocation
    ) throws -> (tile: Int, turn: Int)? {
        var name = Substring(text)
        var turn = 0
        if let space = text.lastIndex(of: " "), let k = Int(text[text.index(after: space)...]) {
            name = text[..<space]
            turn = k
        }
        guard (0..<8).contains(turn) else {
            throw LoomError(.format, "variant \(turn) of '\(name)' is not in 0...7", at: location)
        }
        if let tile = tileIndex[String(name)] { return (tile, turn) }
        guard tileset.tiles.contains(where: { $0.name == name }) else {
            throw LoomError(
                .format, "neighbour rule names tile '\(name)', which the tileset does not declare", at: location)
        }
        return nil
    }

    /// `"name k"` for a variant (`"name"` for the first).
    public func variantName(_ variant: Int) -> String {
        let name = tiles[variantTile[variant]].name
        let k = variant - firstVariant[variantTile[variant]]
        return k == 0 ? name : "\(name) \(k)"
    }

    /// The variants of the tile called `name` (empty when there is no such tile).
    public func variants(ofTile name: String) -> [Int] {
        guard let tile = tiles.firstIndex(where: { $0.name == name }) else { return [] }
        let end = tile + 1 < firstVariant.count ? firstVariant[tile + 1] : patternCount
        return Array(firstVariant[tile]..<end)
    }
}

/// The symmetry class of a tile, named by the letter whose shape has it.
struct TileSymmetry {
    let letter: Character
    let cardinality: Int

    init?(letter: String) {
        guard letter.count == 1, let first = letter.first else { return nil }
        switch first {
        case "X": cardinality = 1
        case "I", "\\": cardinality = 2
        case "L", "T": cardinality = 4
        case "F": cardinality = 8
        default: return nil
        }
        self.letter = first
    }

    /// The variant a quarter turn counter-clockwise makes of variant `i`.
    func rotate(_ i: Int) -> Int {
        switch letter {
        case "X": i
        case "I", "\\": 1 - i
        case "F": i < 4 ? (i + 1) % 4 : 4 + (i + 3) % 4
        default: (i + 1) % 4
        }
    }

    /// The variant mirroring variant `i` left-right makes.
    func reflect(_ i: Int) -> Int {
        switch letter {
        case "X", "I": i
        case "\\": 1 - i
        case "L": i % 2 == 0 ? i + 1 : i - 1
        case "T": i % 2 == 0 ? i : 4 - i
        default: i < 4 ? i + 4 : i - 4
        }
    }

    /// The turn of the tile's image that draws variant `i` (0–3 turns, 4–7 mirrored then turned).
    func turn(of i: Int) -> Int { i }
}
