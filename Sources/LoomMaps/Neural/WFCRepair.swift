import LoomCore

/// Repairs a sampled map with the WFC solver: every `N`×`N` window that occurs in none of the
/// rules' patterns is cleared (with a margin of `N - 1` cells), the rest of the map is fixed,
/// and the solver fills the cleared cells so that every window is one the examples show.
///
/// Tile ids of the map must be the rules' sample values (learn the rules from an example grid
/// of the same ids, e.g. `OverlappingRules(sample: examples.intMaps[0])`).
public struct WFCRepair: TileRepair, Sendable {
    /// The overlapping-model rules the repaired map must satisfy.
    public var rules: OverlappingRules
    /// Solver settings (non-periodic output is forced).
    public var options: WFCOptions

    /// A repair enforcing `rules`.
    public init(rules: OverlappingRules, options: WFCOptions = WFCOptions()) {
        self.rules = rules
        self.options = options
        self.options.periodic = false
    }

    /// Throws `.unsatisfiable` when the solver cannot complete the cleared cells around the
    /// kept ones.
    public func repair(_ tiles: inout Grid<UInt16>, seed: Seed) throws {
        let n = rules.N
        guard tiles.width >= n, tiles.height >= n else { return }
        var known = Set<[Int]>()
        for pattern in 0..<rules.patternCount {
            known.insert((0..<(n * n)).map { rules.value(of: pattern, x: $0 % n, y: $0 / n) })
        }
        var cleared = Grid(width: tiles.width, height: tiles.height, repeating: false)
        var window = [Int](repeating: 0, count: n * n)
        var anyBad = false
        for y in 0...(tiles.height - n) {
            for x in 0...(tiles.width - n) {
                for i in 0..<(n * n) { window[i] = Int(tiles[x + i % n, y + i / n]) }
                guard !known.contains(window) else { continue }
                anyBad = true
                for cy in max(0, y - n + 1)..<min(tiles.height, y + 2 * n - 1) {
                    for cx in max(0, x - n + 1)..<min(tiles.width, x + 2 * n - 1) { cleared[cx, cy] = true }
                }
            }
        }
        guard anyBad else { return }
        var fixed: [OverlappingRules.FixedValue] = []
        for y in 0..<tiles.height {
            for x in 0..<tiles.width where !cleared[x, y] {
                fixed.append(.init(x: x, y: y, value: Int(tiles[x, y])))
            }
        }
        let constraints = try rules.constraints(
            width: tiles.width, height: tiles.height, periodic: false, fixed: fixed)
        let solver = try rules.solver(width: tiles.width, height: tiles.height, options: options)
        let wave = try solver.solve(seed: seed, constraints: constraints).get()
        let values = rules.values(from: wave, periodic: false)
        for y in 0..<tiles.height {
            for x in 0..<tiles.width { tiles[x, y] = UInt16(clamping: values[x, y]) }
        }
    }
}
