import LoomCore

/// Binary space partitioning: split the map into leaves, one room per leaf, and join the two
/// halves of every split with a corridor between their nearest rooms.
struct BSPDungeon {
    let parameters: DungeonParameters

    private struct Node {
        var rect: Rect
        var children: (Int, Int)?
        var room: Int = -1
    }

    func build<R: RandomNumberGenerator>(on canvas: inout DungeonCanvas, random: inout R) {
        let minimumLeaf = parameters.minimumRoomSize + 2
        let comfortable = parameters.maximumRoomSize + 2
        var nodes = [Node(rect: Rect(x: 1, y: 1, width: canvas.width - 2, height: canvas.height - 2))]
        var pending = [0]
        while let index = pending.popLast() {
            let rect = nodes[index].rect
            let canSplitX = rect.width >= 2 * minimumLeaf
            let canSplitY = rect.height >= 2 * minimumLeaf
            guard canSplitX || canSplitY else { continue }
            let tooBig = rect.width > comfortable || rect.height > comfortable
            guard tooBig || random.nextBool(probability: 0.25) else { continue }
            var vertical: Bool  // a vertical cut splits the width
            if canSplitX && canSplitY {
                if Double(rect.width) > 1.25 * Double(rect.height) {
                    vertical = true
                } else if Double(rect.height) > 1.25 * Double(rect.width) {
                    vertical = false
                } else {
                    vertical = random.nextBool()
                }
            } else {
                vertical = canSplitX
            }
            let length = vertical ? rect.width : rect.height
            let margin = max(minimumLeaf, Int(parameters.splitBalance * Double(length)))
            let cut = margin <= length - margin ? random.nextInt(in: margin...(length - margin)) : length / 2
            let first: Rect, second: Rect
            if vertical {
                first = Rect(x: rect.x, y: rect.y, width: cut, height: rect.height)
                second = Rect(x: rect.x + cut, y: rect.y, width: rect.width - cut, height: rect.height)
            } else {
                first = Rect(x: rect.x, y: rect.y, width: rect.width, height: cut)
                second = Rect(x: rect.x, y: rect.y + cut, width: rect.width, height: rect.height - cut)
            }
            nodes[index].children = (nodes.count, nodes.count + 1)
            nodes.append(Node(rect: first))
            nodes.append(Node(rect: second))
            // Pushed in reverse so the first half is split first: rooms number left to right.
            pending.append(nodes.count - 1)
            pending.append(nodes.count - 2)
        }
        // Rooms in leaves, in node order.
        for index in nodes.indices where nodes[index].children == nil {
            let leaf = nodes[index].rect
            let roomWidth = random.nextInt(
                in: min(parameters.minimumRoomSize, leaf.width - 2)...min(parameters.maximumRoomSize, leaf.width - 2))
            let roomHeight = random.nextInt(
                in: min(parameters.minimumRoomSize, leaf.height - 2)...min(parameters.maximumRoomSize, leaf.height - 2))
            let x = leaf.x + 1 + random.nextInt(below: leaf.width - 2 - roomWidth + 1)
            let y = leaf.y + 1 + random.nextInt(below: leaf.height - 2 - roomHeight + 1)
            nodes[index].room = canvas.carveRoom(Rect(x: x, y: y, width: roomWidth, height: roomHeight))
        }
        // Each split joins its halves; children come after parents, so walk backwards.
        var roomsBelow = [[Int]](repeating: [], count: nodes.count)
        let centers = canvas.rooms.map(\.center)
        for index in nodes.indices.reversed() {
            guard let (a, b) = nodes[index].children else {
                roomsBelow[index] = [nodes[index].room]
                continue
            }
            roomsBelow[index] = roomsBelow[a] + roomsBelow[b]
            let best = Self.nearestPair(
                roomsBelow[a], roomsBelow[b], centers: centers,
                cut: nodes[b].rect.minX == nodes[a].rect.maxX
                    ? .vertical(nodes[b].rect.minX) : .horizontal(nodes[b].rect.minY))
            let start = randomPoint(in: canvas.rooms[best.from], &random)
            let end = randomPoint(in: canvas.rooms[best.to], &random)
            let path = DungeonCanvas.elbow(from: start, to: end, horizontalFirst: random.nextBool())
            canvas.carvePath(path, from: best.from, to: best.to)
        }
    }

    /// Where a split cut its node: at column `x` (a vertical cut) or row `y`.
    enum Cut {
        case vertical(Int)
        case horizontal(Int)
    }

    /// The pair of rooms, one from each half, whose centres are nearest (Manhattan), ties
    /// going to the first `from` and then the first `to` in the lists' order: what comparing
    /// every pair gives, but found by scanning outwards from the cut. The first half's centres
    /// lie before the cut and the second's at or after it, so a pair is at least as far apart
    /// as the sum of their distances to the cut, and the scan stops once that sum alone passes
    /// the best distance found. Near-linear for the thousands of rooms of a large map, where
    /// every pair of the root split alone is billions.
    static func nearestPair(_ first: [Int], _ second: [Int], centers: [Point], cut: Cut) -> (from: Int, to: Int) {
        func gap(_ room: Int) -> Int {
            switch cut {
            case .vertical(let x): abs(centers[room].x - x)
            case .horizontal(let y): abs(centers[room].y - y)
            }
        }
        // Positions in each list ordered by their distance to the cut, then by position: a
        // counting sort, linear in the rooms and the node's size.
        let order = { (rooms: [Int]) -> [Int] in
            let gaps = rooms.map(gap)
            var starts = [Int](repeating: 0, count: (gaps.max() ?? 0) + 2)
            for g in gaps { starts[g + 1] += 1 }
            for g in 1..<starts.count { starts[g] += starts[g - 1] }
            var sorted = [Int](repeating: 0, count: rooms.count)
            for (position, g) in gaps.enumerated() {
                sorted[starts[g]] = position
                starts[g] += 1
            }
            return sorted
        }
        let firstOrder = order(first), secondOrder = order(second)
        var best = (distance: Int.max, i: Int.max, j: Int.max)
        let nearestSecond = secondOrder.first.map { gap(second[$0]) } ?? 0
        for i in firstOrder {
            let gapFrom = gap(first[i])
            if gapFrom + nearestSecond > best.distance { break }
            for j in secondOrder {
                if gapFrom + gap(second[j]) > best.distance { break }
                let distance = centers[first[i]].manhattanDistance(to: centers[second[j]])
                if distance < best.distance || (distance == best.distance && (i, j) < (best.i, best.j)) {
                    best = (distance, i, j)
                }
            }
        }
        return (first[best.i], second[best.j])
    }

    private func randomPoint<R: RandomNumberGenerator>(in rect: Rect, _ random: inout R) -> Point {
        Point(x: rect.x + random.nextInt(below: rect.width), y: rect.y + random.nextInt(below: rect.height))
    }
}
