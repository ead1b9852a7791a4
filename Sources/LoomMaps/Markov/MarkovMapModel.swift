import LoomCore

/// A multi-dimensional Markov chain over tile maps, in the style of Snodgrass and Ontañón: the
/// probability of a tile given a window of already-placed neighbours, learned by counting in one
/// or more example maps.
///
/// Cells outside a map count as a context value of their own (`-1`), so edges are learned too.
/// A context never seen (or seen fewer than ``MarkovOptions/minimumCount`` times) backs off to
/// the window without its last offset, down to the plain tile frequencies.
///
/// ```swift
/// let model = try MarkovMapModel(learningFrom: [level1, level2])
/// let map = try model.generate(width: 200, height: 14, seed: Seed(3)).grid
/// try model.export(to: "levels.markov.json")
/// ```
public struct MarkovMapModel: Sendable, Hashable {
    /// The file format version written by ``export(to:)``.
    public static let formatVersion = 1

    /// The learning options.
    public let options: MarkovOptions
    /// The distinct tile ids of the examples, ascending; counts are indexed like this array.
    public let tiles: [Int]
    /// Per back-off level (0: the whole window; last: no context), the counts per context.
    let levels: [[[Int]: [Int]]]

    /// Learns from example maps of tile ids (any sizes). Throws `.invalidArgument` for no
    /// examples, empty examples or options out of range.
    public init(learningFrom examples: [Grid<Int>], options: MarkovOptions = MarkovOptions()) throws {
        try options.validate()
        guard !examples.isEmpty, examples.allSatisfy({ $0.count > 0 }) else {
            throw LoomError(.invalidArgument, "a Markov model needs at least one non-empty example map")
        }
        let tiles = Array(Set(examples.flatMap(\.cells))).sorted()
        var index: [Int: Int] = [:]
        for (i, tile) in tiles.enumerated() { index[tile] = i }
        var levels = Array(repeating: [[Int]: [Int]](), count: options.window.count + 1)
        for example in examples {
            for y in 0..<example.height {
                for x in 0..<example.width {
                    let full = Self.context(in: example, x: x, y: y, window: options.window)
                    let tile = index[example[x, y]]!
                    for level in 0...options.window.count {
                        let key = Array(full.prefix(options.window.count - level))
                        levels[level][key, default: [Int](repeating: 0, count: tiles.count)][tile] += 1
                    }
                }
            }
        }
        self.init(options: options, tiles: tiles, levels: levels)
    }

    init(options: MarkovOptions, tiles: [Int], levels: [[[Int]: [Int]]]) {
        self.options = options
        self.tiles = tiles
        self.levels = levels
    }

    /// The window's tile ids around `(x, y)`, `-1` outside the map.
    static func context(in grid: Grid<Int>, x: Int, y: Int, window: [Point]) -> [Int] {
        window.map { grid.at(x: x + $0.x, y: y + $0.y) ?? -1 }
    }

    /// Counts per tile for a context, from the largest window seen often enough.
    func counts(for context: [Int]) -> [Int] {
        for level in 0..<levels.count {
            let key = Array(context.prefix(options.window.count - level))
            if let counts = levels[level][key], counts.reduce(0, +) >= options.minimumCount { return counts }
        }
        return levels[levels.count - 1][[]] ?? [Int](repeating: 1, count: tiles.count)
    }

    /// The probability of each tile (ordered as ``tiles``) given a context of the window's tile
    /// ids (`-1` for outside the map), after back-off and smoothing.
    public func probabilities(context: [Int]) -> [Double] {
        let counts = counts(for: context)
        let total = Double(counts.reduce(0, +)) + options.smoothing * Double(tiles.count)
        return counts.map { (Double($0) + options.smoothing) / total }
    }

    /// Number of distinct contexts learned at each back-off level (whole window first).
    public var contextCounts: [Int] { levels.map(\.count) }
}
