import LoomCore
import LoomImage

/// How ``OverlappingRules`` learns patterns from a sample.
public struct OverlappingOptions: Sendable, Codable, Hashable {
    /// Side of the square patterns, 2…6. Larger patterns copy bigger features. Default: 3.
    public var N: Int = 3
    /// How many of the eight rotations and reflections of every pattern to learn: 1 (none),
    /// 2 (with its mirror image), 4 or 8 (all). Default: 8.
    public var symmetry: Int = 8
    /// Whether the sample wraps around, so windows crossing its edges count. Default: `true`.
    public var periodicInput: Bool = true
    /// The pattern forced along the bottom row (and banned elsewhere): 0 for none, `-k` for
    /// the `k`-th pattern from the end, `k > 0` for pattern `k - 1`, in the order patterns are
    /// first met (row by row, each window followed by its symmetries). Default: 0.
    public var ground: Int = 0

    /// Options with every field at its default.
    public init() {}

    /// Options with the given fields; the rest keep their defaults.
    public init(N: Int = 3, symmetry: Int = 8, periodicInput: Bool = true, ground: Int = 0) {
        self.N = N
        self.symmetry = symmetry
        self.periodicInput = periodicInput
        self.ground = ground
    }
}

/// Rules of the overlapping model: every N×N window of a sample (with its rotations and
/// reflections) is a pattern, weighted by how often it occurs; two patterns may be neighbours
/// when they agree where they overlap.
///
/// The output holds, at each cell, the top-left value of the pattern placed there. With a
/// non-periodic output of `W × H`, the wave is `(W − N + 1) × (H − N + 1)` and the last row and
/// column of patterns fill the output's last `N − 1` rows and columns.
public struct OverlappingRules: WFCRules {
    /// Side of the patterns.
    public let N: Int
    /// The learning options.
    public let options: OverlappingOptions
    /// Pattern values, `N × N` per pattern, row-major, pattern after pattern.
    public let values: [Int]
    public let patternCount: Int
    public let weights: [Double]
    public let propagator: WFCPropagator
    /// The sample's colours by value when learned from an image (value `v` is `colors[v]`).
    public let colors: [RGBA]?
    /// The most distinct patterns a sample may give: 4096. Propagation tables grow with the
    /// square of the pattern count, so a noisy sample (thousands of colours) is refused with a
    /// clear error instead of running for minutes.
    public static let maximumPatterns = 4096

    /// Rules learned from a grid of values (tile ids, colour indices). Throws
    /// `.invalidArgument` for options out of range or a sample smaller than a pattern.
    public init(sample: Grid<Int>, options: OverlappingOptions = OverlappingOptions()) throws {
        try self.init(sample: sample, options: options, colors: nil)
    }

    /// Rules learned from an image, each distinct colour a value in order of first appearance.
    public init(image: RGBAImage, options: OverlappingOptions = OverlappingOptions()) throws {
        var palette: [RGBA] = []
        var index: [UInt32: Int] = [:]
        let pixels = image.pixels
        let sample = pixels.map { color -> Int in
            if let known = index[color.packed] { return known }
            index[color.packed] = palette.count
            palette.append(color)
            return palette.count - 1
        }
        try self.init(sample: sample, options: options, colors: palette)
    }

    private init(sample: Grid<Int>, options: OverlappingOptions, colors: [RGBA]?) throws {
        let N = options.N
        guard (2...6).contains(N) else { throw LoomError(.invalidArgument, "N must be in 2...6, got \(N)") }
        guard [1, 2, 4, 8].contains(options.symmetry) else {
            throw LoomError(.invalidArgument, "symmetry must be 1, 2, 4 or 8, got \(options.symmetry)")
        }
        guard sample.width >= N, sample.height >= N else {
            throw LoomError(
                .invalidArgument, "the \(sample.width)x\(sample.height) sample is smaller than one \(N)x\(N) pattern")
        }
        var index: [[Int]: Int] = [:]
        var patterns: [[Int]] = []
        var counts: [Double] = []
        let ymax = options.periodicInput ? sample.height : sample.height - N + 1
        let xmax = options.periodicInput ? sample.width : sample.width - N + 1
        for y in 0..<ymax {
            for x in 0..<xmax {
                let window = (0..<(N * N)).map { sample.at(x: x + $0 % N, y: y + $0 / N, edge: .wrap) }
                for variant in Self.symmetries(of: window, N: N).prefix(options.symmetry) {
                    if let known = index[variant] {
                        counts[known] += 1
                    } else {
                        guard patterns.count < Self.maximumPatterns else {
                            throw LoomError(
                                .invalidArgument,
                                "the sample has more than \(Self.maximumPatterns) distinct \(N)x\(N) patterns (reached at "
                                    + "pixel \(x),\(y)); use a sample with fewer colours or less noise, a smaller N or "
                                    + "less symmetry")
                        }
                        index[variant] = patterns.count
                        patterns.append(variant)
                        counts.append(1)
                    }
                }
            }
        }
        self.N = N
        self.options = options
        self.values = patterns.flatMap { $0 }
        self.patternCount = patterns.count
        self.weights = counts
        self.colors = colors
        self.propagator = WFCPropagator(patternCount: patterns.count) { p, q, direction in
            Self.agree(patterns[p], patterns[q], dx: direction.dx, dy: direction.dy, N: N)
        }
        if options.ground != 0 {
            let ground = options.ground < 0 ? patterns.count + options.ground : options.ground - 1
            guard ground >= 0 && ground < patterns.count else {
                throw LoomError(
                    .invalidArgument, "ground \(options.ground) names no pattern (the sample has \(patterns.count))")
            }
        }
    }

    /// The pattern forced along the bottom row, if any.
    public var groundPattern: Int? {
        options.ground == 0 ? nil : options.ground < 0 ? patternCount + options.ground : options.ground - 1
    }

    /// The eight variants of a window, in the order: itself, mirrored, rotated, rotated and
    /// mirrored, and so on for two and three quarter turns.
    static func symmetries(of window: [Int], N: Int) -> [[Int]] {
        let rotate = { (p: [Int]) in (0..<(N * N)).map { p[N - 1 - $0 / N + ($0 % N) * N] } }
        let reflect = { (p: [Int]) in (0..<(N * N)).map { p[N - 1 - $0 % N + ($0 / N) * N] } }
        var result = [window, reflect(window)]
        for _ in 0..<3 {
            let turned = rotate(result[result.count - 2])
            result.append(turned)
            result.append(reflect(turned))
        }
        return result
    }

    /// Whether `q` placed at offset `(dx, dy)` from `p` agrees with it where they overlap.
    static func agree(_ p: [Int], _ q: [Int], dx: Int, dy: Int, N: Int) -> Bool {
        for y in max(0, dy)..<min(N, N + dy) {
            for x in max(0, dx)..<min(N, N + dx) where p[x + y * N] != q[x - dx + (y - dy) * N] {
                return false
            }
        }
        return true
    }

    /// The value at `(x, y)` inside pattern `pattern`.
    public func value(of pattern: Int, x: Int, y: Int) -> Int { values[pattern * N * N + y * N + x] }

    /// Patterns whose top-left value is `value` (for fixed cells and counts in sample values).
    public func patterns(withValue value: Int) -> [Int] {
        (0..<patternCount).filter { self.value(of: $0, x: 0, y: 0) == value }
    }

    /// The wave size for an output of `width × height`: the same when periodic, otherwise
    /// `N − 1` smaller in each direction.
    public func waveSize(width: Int, height: Int, periodic: Bool) -> Size {
        periodic ? Size(width: width, height: height) : Size(width: width - N + 1, height: height - N + 1)
    }

    /// A solver for an output of `width × height` values. Throws when the output is smaller than
    /// a pattern (non-periodic) or the options are out of range.
    public func solver(width: Int, height: Int, options: WFCOptions = WFCOptions()) throws -> WFCSolver<Self> {
        let wave = waveSize(width: width, height: height, periodic: options.periodic)
        guard wave.width > 0, wave.height > 0 else {
            throw LoomError(.invalidArgument, "a non-periodic \(width)x\(height) output is smaller than N = \(N)")
        }
        return try WFCSolver(rules: self, width: wave.width, height: wave.height, options: options)
    }

    /// The ground constraint of these rules (add fixed cells or counts to it as needed).
    public var constraints: WFCConstraints {
        var constraints = WFCConstraints()
        constraints.ground = groundPattern
        return constraints
    }

    /// The output values from a solved wave: each cell's pattern's top-left value, and for a
    /// non-periodic output the last patterns' remaining rows and columns. An undecided cell of a
    /// partial result (pattern -1) gives -1; ``image(of:periodic:)`` renders those averaged.
    public func values(from wave: Grid<Int>, periodic: Bool) -> Grid<Int> {
        let width = periodic ? wave.width : wave.width + N - 1
        let height = periodic ? wave.height : wave.height + N - 1
        return Grid(width: width, height: height) { x, y in
            let cx = min(x, wave.width - 1), cy = min(y, wave.height - 1)
            let pattern = wave[cx, cy]
            return pattern < 0 ? -1 : value(of: pattern, x: x - cx, y: y - cy)
        }
    }

    /// The output as an image in the sample's colours (grey levels by value when learned from
    /// a grid).
    public func image(of values: Grid<Int>) -> RGBAImage {
        RGBAImage(values) { value in
            if let colors, value >= 0 && value < colors.count { return colors[value] }
            let level = UInt8(truncatingIfNeeded: value &* 37 &+ 40)
            return RGBA(level, level, level)
        }
    }
}
