import LoomCore

/// Joins every open region of a mask with the shortest tunnels that make them one.
///
/// One breadth-first search grows every region at once through the closed cells; wherever two
/// growing regions meet, the cells back to each region form a candidate tunnel. The cheapest
/// candidates that join separate regions (Kruskal's minimum spanning tree, ties broken by
/// position) are carved. Linear in the grid's size plus sorting the meeting points, and a pure
/// function of the mask. Tunnels never touch the outermost ring of cells when `keepBorder`.
enum RegionJoiner {
    /// Opens tunnels in `open` until its `true` cells form one 4-connected region; returns each
    /// tunnel's newly opened cells, in the order they were chosen.
    /// `regions`, when given, must be the labels of `open` (saves labelling twice).
    static func join(_ open: inout Grid<Bool>, regions known: RegionLabels? = nil, keepBorder: Bool = true) -> [[Point]]
    {
        let regions = known ?? RegionLabels(open)
        guard regions.count > 1 else { return [] }
        let width = open.width, height = open.height
        var owner = regions.labels.cells
        var parent = [Int32](repeating: -1, count: open.count)
        var distance = [Int32](repeating: 0, count: open.count)
        var queue = [Int32](repeating: 0, count: open.count)
        var tail = 0
        for index in 0..<owner.count where owner[index] >= 0 {
            queue[tail] = Int32(index)
            tail += 1
        }
        let inset = keepBorder ? 1 : 0
        // One wave per region through the closed cells; buffers, not captured arrays, in the hot loop.
        owner.withUnsafeMutableBufferPointer { owner in
            parent.withUnsafeMutableBufferPointer { parent in
                distance.withUnsafeMutableBufferPointer { distance in
                    queue.withUnsafeMutableBufferPointer { queue in
                        var head = 0
                        while head < tail {
                            let index = Int(queue[head])
                            head += 1
                            let x = index % width, y = index / width
                            for (nx, ny) in [(x + 1, y), (x, y + 1), (x - 1, y), (x, y - 1)] {
                                guard nx >= inset, ny >= inset, nx < width - inset, ny < height - inset else {
                                    continue
                                }
                                let next = ny * width + nx
                                if owner[next] < 0 {
                                    owner[next] = owner[index]
                                    parent[next] = Int32(index)
                                    distance[next] = distance[index] + 1
                                    queue[tail] = Int32(next)
                                    tail += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        // Where two regions' waves touch: a candidate tunnel of length d(a) + d(b) + 1 cells.
        struct Meeting: Comparable {
            var length: Int32
            var a: Int32, b: Int32
            static func < (l: Meeting, r: Meeting) -> Bool {
                l.length != r.length ? l.length < r.length : l.a != r.a ? l.a < r.a : l.b < r.b
            }
        }
        var meetings: [Meeting] = []
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                guard owner[index] >= 0 else { continue }
                if x + 1 < width && owner[index + 1] >= 0 && owner[index + 1] != owner[index] {
                    meetings.append(
                        Meeting(length: distance[index] + distance[index + 1], a: Int32(index), b: Int32(index + 1)))
                }
                if y + 1 < height && owner[index + width] >= 0 && owner[index + width] != owner[index] {
                    meetings.append(
                        Meeting(
                            length: distance[index] + distance[index + width], a: Int32(index),
                            b: Int32(index + width)))
                }
            }
        }
        meetings.sort()
        var union = Array(0..<Int32(regions.count))
        func find(_ region: Int32) -> Int32 {
            var root = region
            while union[Int(root)] != root { root = union[Int(root)] }
            var current = region
            while union[Int(current)] != root {
                let next = union[Int(current)]
                union[Int(current)] = root
                current = next
            }
            return root
        }
        var tunnels: [[Point]] = []
        var joined = 1
        for meeting in meetings where joined < regions.count {
            let ra = find(owner[Int(meeting.a)]), rb = find(owner[Int(meeting.b)])
            guard ra != rb else { continue }
            union[Int(max(ra, rb))] = min(ra, rb)
            joined += 1
            var tunnel: [Point] = []
            for end in [meeting.a, meeting.b] {
                var index = Int(end)
                while !open.cells[index] {
                    open.cells[index] = true
                    tunnel.append(Point(x: index % width, y: index / width))
                    index = Int(parent[index])
                }
            }
            tunnels.append(tunnel)
        }
        return tunnels
    }

    /// Closes every open region smaller than `minimumSize` cells, always keeping the largest.
    static func removeSmallRegions(_ open: inout Grid<Bool>, minimumSize: Int) {
        let regions = RegionLabels(open)
        let keep = regions.largest ?? -1
        for index in 0..<open.count {
            let region = Int(regions.labels.cells[index])
            if region >= 0 && region != keep && regions.sizes[region] < minimumSize { open.cells[index] = false }
        }
    }

    /// Closes every open region but the largest.
    static func keepLargestRegion(_ open: inout Grid<Bool>, regions known: RegionLabels? = nil) {
        let regions = known ?? RegionLabels(open)
        guard let keep = regions.largest else { return }
        for index in 0..<open.count where regions.labels.cells[index] != Int32(keep) { open.cells[index] = false }
    }
}
