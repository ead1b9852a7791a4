import LoomCore

/// One of the four orthogonal directions a WFC propagator relates patterns along.
///
/// Image coordinates: `y` grows downwards, so ``down`` is `(0, +1)`.
public enum WFCDirection: Int, CaseIterable, Sendable, Codable {
    case right = 0
    case down = 1
    case left = 2
    case up = 3

    /// The step in x.
    public var dx: Int { self == .right ? 1 : self == .left ? -1 : 0 }
    /// The step in y.
    public var dy: Int { self == .down ? 1 : self == .up ? -1 : 0 }
    /// The direction pointing back.
    public var opposite: WFCDirection { WFCDirection(rawValue: (rawValue + 2) & 3)! }
}

/// What a set of WFC rules must provide: patterns, their weights and which patterns may be
/// neighbours.
///
/// ``WFCSolver`` is generic over this protocol and never looks at what a pattern means: an
/// N×N window of a sample (``OverlappingRules``) or a rotated tile (``TiledRules``).
public protocol WFCRules: Sendable {
    /// Number of patterns; pattern ids are `0..<patternCount`.
    var patternCount: Int { get }
    /// The relative frequency of each pattern (`patternCount` positive values).
    var weights: [Double] { get }
    /// Which patterns may stand next to which, in every direction.
    var propagator: WFCPropagator { get }
}

/// Which patterns may stand beside each other: for each direction `d` and pattern `p`, the
/// patterns `q` allowed at the neighbour of `p` in direction `d`.
///
/// Stored flat (one offset table and one id array), so the solver's propagation loop reads
/// contiguous memory. The relation is always symmetric: `q` is allowed right of `p` exactly when
/// `p` is allowed left of `q`; the initialisers make it so.
public struct WFCPropagator: Sendable, Hashable {
    /// Number of patterns.
    public let patternCount: Int
    /// `offsets[d * patternCount + p] ..< offsets[d * patternCount + p + 1]` indexes ``allowed``.
    public let offsets: [Int32]
    /// The allowed neighbour ids, grouped by direction then pattern, ascending within a group.
    public let allowed: [Int32]

    /// A propagator from a dense predicate: `agrees(p, q, d)` says whether `q` may stand at the
    /// neighbour of `p` in direction `d`. Only `.right` and `.down` are asked; the other two
    /// directions follow by symmetry. Costs `2 × patternCount²` calls.
    public init(patternCount: Int, agrees: (Int, Int, WFCDirection) -> Bool) {
        var lists = Array(repeating: [Int32](), count: 4 * patternCount)
        for d in [WFCDirection.right, .down] {
            for p in 0..<patternCount {
                for q in 0..<patternCount where agrees(p, q, d) {
                    lists[d.rawValue * patternCount + p].append(Int32(q))
                    lists[d.opposite.rawValue * patternCount + q].append(Int32(p))
                }
            }
        }
        self.init(patternCount: patternCount, sortedLists: lists)
    }

    /// A propagator from pairs: each `(p, q, d)` allows `q` at the neighbour of `p` in direction
    /// `d` (and `p` at the neighbour of `q` in the opposite direction). Duplicates are merged.
    public init(patternCount: Int, pairs: [(Int, Int, WFCDirection)]) {
        var dense = [Bool](repeating: false, count: 4 * patternCount * patternCount)
        for (p, q, d) in pairs {
            precondition(p >= 0 && p < patternCount && q >= 0 && q < patternCount, "pattern id out of range")
            dense[(d.rawValue * patternCount + p) * patternCount + q] = true
            dense[(d.opposite.rawValue * patternCount + q) * patternCount + p] = true
        }
        var lists = Array(repeating: [Int32](), count: 4 * patternCount)
        for d in 0..<4 {
            for p in 0..<patternCount {
                let row = (d * patternCount + p) * patternCount
                for q in 0..<patternCount where dense[row + q] { lists[d * patternCount + p].append(Int32(q)) }
            }
        }
        self.init(patternCount: patternCount, sortedLists: lists)
    }

    private init(patternCount: Int, sortedLists lists: [[Int32]]) {
        self.patternCount = patternCount
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(lists.count + 1)
        var allowed: [Int32] = []
        for list in lists {
            allowed.append(contentsOf: list.sorted())
            offsets.append(Int32(allowed.count))
        }
        self.offsets = offsets
        self.allowed = allowed
    }

    /// The patterns allowed at the neighbour of `pattern` in `direction`.
    public func allowed(_ direction: WFCDirection, of pattern: Int) -> ArraySlice<Int32> {
        let slot = direction.rawValue * patternCount + pattern
        return allowed[Int(offsets[slot])..<Int(offsets[slot + 1])]
    }

    /// Whether `q` may stand at the neighbour of `p` in `direction`.
    public func allows(_ p: Int, _ q: Int, _ direction: WFCDirection) -> Bool {
        allowed(direction, of: p).contains(Int32(q))
    }
}
