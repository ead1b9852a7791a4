import LoomCore

/// A life-like cellular automaton rule in `B…/S…` notation, counting wall neighbours.
///
/// A floor cell becomes wall when its number of wall neighbours (of eight; cells outside the
/// map count as wall) is among the birth counts; a wall cell stays wall when its count is among
/// the survival counts. `B678/S345678` smooths noise into open caves; `B5678/S45678` is the
/// classic "four-five" rule with denser rock.
public struct CellularRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Counts (0–8) of wall neighbours that turn a floor cell into wall.
    public var birth: Set<Int>
    /// Counts (0–8) of wall neighbours that keep a wall cell a wall.
    public var survival: Set<Int>

    /// A rule from its birth and survival counts (each 0–8).
    public init(birth: Set<Int>, survival: Set<Int>) {
        self.birth = birth
        self.survival = survival
    }

    /// Parses `B678/S345678` (letters in either case, digits 0–8, either part may be empty).
    public init(parsing text: String) throws {
        let parts = text.uppercased().split(separator: "/", omittingEmptySubsequences: false)
        func counts(_ part: Substring, _ letter: Character) -> Set<Int>? {
            guard part.first == letter else { return nil }
            var result = Set<Int>()
            for character in part.dropFirst() {
                guard let digit = character.wholeNumberValue, (0...8).contains(digit) else { return nil }
                result.insert(digit)
            }
            return result
        }
        guard parts.count == 2, let birth = counts(parts[0], "B"), let survival = counts(parts[1], "S") else {
            throw LoomError(
                .invalidArgument,
                "rule '\(text)' is not of the form B<digits>/S<digits> with digits 0-8, e.g. B678/S345678")
        }
        self.init(birth: birth, survival: survival)
    }

    public var description: String {
        "B" + birth.sorted().map(String.init).joined() + "/S" + survival.sorted().map(String.init).joined()
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as LoomError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// One step over `walls`, writing into `next` (same size). Cells outside count as wall.
    ///
    /// Counts come from sums of three along each row of a wall-padded copy, then sums of three
    /// of those down each column, so each cell costs a few additions in straight loops.
    func step(_ walls: Grid<Bool>, into next: inout Grid<Bool>) {
        let width = walls.width, height = walls.height
        let paddedWidth = width + 2
        // Table indexed by (isWall << 4 | count) so the inner loop has no set lookups.
        var table = [Bool](repeating: false, count: 32)
        for count in 0...8 {
            table[count] = birth.contains(count)
            table[16 | count] = survival.contains(count)
        }
        // rowSums[(y + 1) * paddedWidth + x + 1]: walls among (x-1...x+1, y), the outside being wall.
        var rowSums = [UInt8](repeating: 3, count: paddedWidth * (height + 2))
        walls.withUnsafeBufferPointer { cell in
            rowSums.withUnsafeMutableBufferPointer { sums in
                for y in 0..<height {
                    let row = y * width
                    let out = (y + 1) * paddedWidth + 1
                    var left: UInt8 = 1
                    var middle: UInt8 = cell[row] ? 1 : 0
                    for x in 0..<width {
                        let right: UInt8 = x + 1 < width ? (cell[row + x + 1] ? 1 : 0) : 1
                        sums[out + x] = left &+ middle &+ right
                        left = middle
                        middle = right
                    }
                }
            }
            rowSums.withUnsafeBufferPointer { sums in
                next.withUnsafeMutableBufferPointer { out in
                    table.withUnsafeBufferPointer { rule in
                        for y in 0..<height {
                            let above = y * paddedWidth + 1, here = above + paddedWidth, below = here + paddedWidth
                            let row = y * width
                            for x in 0..<width {
                                let isWall = cell[row + x]
                                let count = Int(sums[above + x] &+ sums[here + x] &+ sums[below + x]) - (isWall ? 1 : 0)
                                out[row + x] = rule[(isWall ? 16 : 0) | count]
                            }
                        }
                    }
                }
            }
        }
    }
}
