import LoomCore

/// Carves mazes into a map-sized open/closed grid. Maze cell `(i, j)` is map cell
/// `(2i+1, 2j+1)`; the wall between two cells is the map cell between them.
struct MazeCarver {
    let columns: Int, rows: Int
    let mapWidth: Int
    var open: Grid<Bool>

    init(columns: Int, rows: Int, mapWidth: Int, mapHeight: Int) {
        self.columns = columns
        self.rows = rows
        self.mapWidth = mapWidth
        open = Grid(width: mapWidth, height: mapHeight, repeating: false)
    }

    @inline(__always)
    func mapIndex(_ i: Int, _ j: Int) -> Int { (2 * j + 1) * mapWidth + 2 * i + 1 }

    /// Opens cell `(i, j)` and the wall toward `(i + di, j + dj)` and that cell.
    @inline(__always)
    mutating func connect(_ i: Int, _ j: Int, _ di: Int, _ dj: Int) {
        let from = mapIndex(i, j)
        open.cells[from] = true
        open.cells[from + di + dj * mapWidth] = true
        open.cells[from + 2 * di + 2 * dj * mapWidth] = true
    }

    /// Depth-first search with an explicit stack, so 1000×1000 mazes need no deep recursion.
    mutating func carveBacktracker<R: RandomNumberGenerator>(_ random: inout R) {
        guard columns > 0, rows > 0 else { return }
        var visited = [Bool](repeating: false, count: columns * rows)
        var stack: [Int32] = []
        stack.reserveCapacity(columns * rows)
        let startI = random.nextInt(below: columns), startJ = random.nextInt(below: rows)
        visited[startJ * columns + startI] = true
        open.cells[mapIndex(startI, startJ)] = true
        stack.append(Int32(startJ * columns + startI))
        var choices: [(Int, Int)] = []
        choices.reserveCapacity(4)
        while let top = stack.last {
            let i = Int(top) % columns, j = Int(top) / columns
            choices.removeAll(keepingCapacity: true)
            if i + 1 < columns && !visited[top.index + 1] { choices.append((1, 0)) }
            if j + 1 < rows && !visited[top.index + columns] { choices.append((0, 1)) }
            if i > 0 && !visited[top.index - 1] { choices.append((-1, 0)) }
            if j > 0 && !visited[top.index - columns] { choices.append((0, -1)) }
            guard !choices.isEmpty else {
                stack.removeLast()
                continue
            }
            let (di, dj) = choices[choices.count == 1 ? 0 : random.nextInt(below: choices.count)]
            connect(i, j, di, dj)
            let next = (j + dj) * columns + i + di
            visited[next] = true
            stack.append(Int32(next))
        }
    }

    /// Eller's algorithm: each row's cells carry set labels; neighbours in different sets
    /// join at random, every set sends at least one passage down, and the last row joins all.
    mutating func carveEller<R: RandomNumberGenerator>(_ random: inout R, joinChance: Double) {
        guard columns > 0, rows > 0 else { return }
        var sets = [Int](repeating: 0, count: columns)
        var nextSet = 1
        for j in 0..<rows {
            for i in 0..<columns where sets[i] == 0 {
                sets[i] = nextSet
                nextSet += 1
            }
            for i in 0..<columns { open.cells[mapIndex(i, j)] = true }
            let isLast = j == rows - 1
            for i in 0..<(columns - 1) where sets[i] != sets[i + 1] {
                if isLast || random.nextBool(probability: joinChance) {
                    connect(i, j, 1, 0)
                    let old = sets[i + 1], new = sets[i]
                    for k in 0..<columns where sets[k] == old { sets[k] = new }
                }
            }
            guard !isLast else { break }
            var below = [Int](repeating: 0, count: columns)
            // Cells of one set need not be adjacent: group them in order of first appearance.
            var order: [Int] = []
            var groups: [Int: [Int]] = [:]
            for k in 0..<columns {
                if groups[sets[k]] == nil { order.append(sets[k]) }
                groups[sets[k], default: []].append(k)
            }
            for label in order {
                let members = groups[label] ?? []
                var anyDown = false
                for k in members where random.nextBool(probability: 0.5) {
                    below[k] = label
                    anyDown = true
                }
                if !anyDown { below[members[random.nextInt(below: members.count)]] = label }
            }
            for i in 0..<columns where below[i] != 0 { connect(i, j, 0, 1) }
            sets = below
        }
    }

    /// Removes `share` of the dead ends, visiting them in a shuffled order; each opens the wall
    /// toward a neighbour that is itself a dead end when there is one, so one opening can
    /// remove two.
    mutating func braid<R: RandomNumberGenerator>(_ random: inout R, share: Double) {
        var deadEnds: [Int] = []
        for j in 0..<rows {
            for i in 0..<columns where openings(i, j) == 1 { deadEnds.append(j * columns + i) }
        }
        random.shuffle(&deadEnds)
        let target = Int((share * Double(deadEnds.count)).rounded())
        var removed = 0
        for cell in deadEnds where removed < target {
            let i = cell % columns, j = cell / columns
            guard openings(i, j) == 1 else {
                continue  // an earlier opening already fixed it
            }
            var closed: [(Int, Int)] = []
            var preferred: [(Int, Int)] = []
            for (di, dj) in [(1, 0), (0, 1), (-1, 0), (0, -1)] {
                let ni = i + di, nj = j + dj
                guard ni >= 0, nj >= 0, ni < columns, nj < rows else { continue }
                guard !open.cells[mapIndex(i, j) + di + dj * mapWidth] else { continue }
                closed.append((di, dj))
                if openings(ni, nj) == 1 { preferred.append((di, dj)) }
            }
            let pool = preferred.isEmpty ? closed : preferred
            guard !pool.isEmpty else { continue }
            let (di, dj) = pool[random.nextInt(below: pool.count)]
            let fixesTwo = openings(i + di, j + dj) == 1
            connect(i, j, di, dj)
            removed += fixesTwo ? 2 : 1
        }
    }

    /// The number of open walls around cell `(i, j)`.
    func openings(_ i: Int, _ j: Int) -> Int {
        let center = mapIndex(i, j)
        var count = 0
        if i + 1 < columns && open.cells[center + 1] { count += 1 }
        if i > 0 && open.cells[center - 1] { count += 1 }
        if j + 1 < rows && open.cells[center + mapWidth] { count += 1 }
        if j > 0 && open.cells[center - mapWidth] { count += 1 }
        return count
    }
}

extension Int32 {
    @inline(__always) fileprivate var index: Int { Int(self) }
}
