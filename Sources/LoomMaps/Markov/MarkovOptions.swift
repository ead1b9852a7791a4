import LoomCore

/// How a ``MarkovMapModel`` learns: which already-placed neighbours form a tile's context and
/// how unseen contexts are handled.
public struct MarkovOptions: Sendable, Codable, Hashable {
    /// The context window: offsets `(dx, dy)` of already-placed neighbours, most important
    /// first. Every offset needs `dx ≤ 0` and `dy ≤ 0`, not both 0 (cells are placed row by row
    /// within column bands, so those are known). Back-off drops offsets from the end.
    /// Default: left, up, up-left — `[(-1, 0), (0, -1), (-1, -1)]`.
    public var window: [Point] = [Point(x: -1, y: 0), Point(x: 0, y: -1), Point(x: -1, y: -1)]
    /// A context seen fewer times than this in the examples backs off to the next smaller
    /// window. Range 1…. Default: 1.
    public var minimumCount: Int = 1
    /// Added to every tile's count before sampling (additive smoothing), so a tile never seen in
    /// a context can still appear. Range 0…. Default: 0 (only tiles seen in the context).
    public var smoothing: Double = 0

    /// Options with every field at its default.
    public init() {}

    /// Options with the given fields; the rest keep their defaults.
    public init(window: [Point]? = nil, minimumCount: Int = 1, smoothing: Double = 0) {
        if let window { self.window = window }
        self.minimumCount = minimumCount
        self.smoothing = smoothing
    }

    /// Parses a window written as `"-1,0 0,-1 -1,-1"` or with names: `left`, `up`, `up-left`,
    /// `left2` (two to the left), `up2`, `up-right` is not allowed (not yet placed).
    public static func parseWindow(_ text: String) throws -> [Point] {
        let names: [String: Point] = [
            "left": Point(x: -1, y: 0), "up": Point(x: 0, y: -1), "up-left": Point(x: -1, y: -1),
            "left2": Point(x: -2, y: 0), "up2": Point(x: 0, y: -2),
        ]
        var window: [Point] = []
        for item in text.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "+" }) {
            if let named = names[String(item)] {
                window.append(named)
                continue
            }
            let parts = item.split(separator: ",")
            guard parts.count == 2, let dx = Int(parts[0]), let dy = Int(parts[1]) else {
                throw LoomError(
                    .invalidArgument,
                    "window entry '\(item)' is not 'dx,dy' or one of left, up, up-left, left2, up2")
            }
            window.append(Point(x: dx, y: dy))
        }
        return window
    }

    func validate() throws {
        for offset in window where offset.x > 0 || offset.y > 0 || (offset.x == 0 && offset.y == 0) {
            throw LoomError(
                .invalidArgument,
                "window offset (\(offset.x), \(offset.y)) is not yet placed; offsets need dx ≤ 0, dy ≤ 0, not both 0")
        }
        guard minimumCount >= 1 else { throw LoomError(.invalidArgument, "minimumCount must be at least 1") }
        guard smoothing >= 0, smoothing.isFinite else {
            throw LoomError(.invalidArgument, "smoothing must be a finite number ≥ 0")
        }
    }
}

/// The optional playability rule of Markov generation: a path of walkable tiles must cross the
/// map from its left edge to its right edge.
public struct MarkovPlayability: Sendable, Codable, Hashable {
    /// The tile ids a player can walk on.
    public var walkable: [Int]
    /// Width of the column bands generated and checked one after another. Range 1…. Default: 16.
    public var bandWidth: Int = 16
    /// How many times a band is re-sampled before generation gives up. Range 1…. Default: 20.
    public var tries: Int = 20

    /// A rule over `walkable` tiles.
    public init(walkable: [Int], bandWidth: Int = 16, tries: Int = 20) {
        self.walkable = walkable
        self.bandWidth = bandWidth
        self.tries = tries
    }
}
