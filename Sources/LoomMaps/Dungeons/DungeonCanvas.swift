import LoomCore

/// The dungeon being dug: tiles, which room owns each cell, and what was built, in order.
struct DungeonCanvas {
    let width: Int, height: Int
    let placesDoors: Bool
    let ids = StandardTiles.shared
    var tiles: Grid<UInt16>
    /// The room whose floor covers each cell, or -1.
    var roomAt: Grid<Int32>
    var rooms: [Rect] = []
    var corridors: [(cells: [Point], from: Int, to: Int)] = []
    var doors: [(point: Point, room: Int)] = []
    var floorCount = 0

    init(width: Int, height: Int, doors: Bool) {
        self.width = width
        self.height = height
        self.placesDoors = doors
        tiles = Grid(width: width, height: height, repeating: StandardTiles.shared.wall)
        roomAt = Grid(width: width, height: height, repeating: -1)
    }

    /// Whether `rect` grown by one cell lies inside the map and is all untouched wall.
    func isSolid(_ rect: Rect) -> Bool {
        let grown = rect.insetBy(dx: -1, dy: -1)
        guard grown.minX >= 0, grown.minY >= 0, grown.maxX <= width, grown.maxY <= height else { return false }
        for y in grown.minY..<grown.maxY {
            let row = y * width
            for x in grown.minX..<grown.maxX where tiles[unchecked: row + x] != ids.wall { return false }
        }
        return true
    }

    /// Digs a room's floor and returns its number.
    @discardableResult
    mutating func carveRoom(_ rect: Rect) -> Int {
        let number = rooms.count
        for y in rect.minY..<rect.maxY {
            for x in rect.minX..<rect.maxX {
                let index = y * width + x
                if tiles[unchecked: index] == ids.wall { floorCount += 1 }
                tiles[unchecked: index] = ids.floor
                roomAt[unchecked: index] = Int32(number)
            }
        }
        rooms.append(rect)
        return number
    }

    /// Digs a path of 4-adjacent cells. Cells outside rooms become corridor; where the path
    /// steps between a room and a cell outside it, that outside cell becomes a door.
    mutating func carvePath(_ path: [Point], from: Int, to: Int) {
        var cells: [Point] = []
        var lastDoorStep = -2
        for (step, point) in path.enumerated() {
            let index = point.y * width + point.x
            guard roomAt[unchecked: index] < 0 else { continue }
            if tiles[unchecked: index] == ids.wall {
                tiles[unchecked: index] = ids.corridor
                floorCount += 1
            }
            cells.append(point)
            // Two rooms two walls apart would get a door in each wall: one door is enough.
            guard placesDoors, tiles[unchecked: index] != ids.door, lastDoorStep != step - 1 else { continue }
            for neighbour in [step > 0 ? path[step - 1] : nil, step + 1 < path.count ? path[step + 1] : nil] {
                guard let neighbour else { continue }
                let room = roomAt[unchecked: neighbour.y * width + neighbour.x]
                if room >= 0 && isDoorway(point) {
                    tiles[unchecked: index] = ids.door
                    doors.append((point, Int(room)))
                    lastDoorStep = step
                    break
                }
            }
        }
        if !cells.isEmpty { corridors.append((cells, from, to)) }
    }

    /// A doorway has wall on both sides across the passage, so a door fills the gap exactly.
    func isDoorway(_ point: Point) -> Bool {
        func isWall(_ x: Int, _ y: Int) -> Bool {
            x < 0 || y < 0 || x >= width || y >= height || tiles[unchecked: y * width + x] == ids.wall
        }
        return (isWall(point.x - 1, point.y) && isWall(point.x + 1, point.y))
            || (isWall(point.x, point.y - 1) && isWall(point.x, point.y + 1))
    }

    /// An L-shaped path from `a` to `b`, horizontal first when `horizontalFirst`.
    static func elbow(from a: Point, to b: Point, horizontalFirst: Bool) -> [Point] {
        var path: [Point] = [a]
        var current = a
        func walk(toX x: Int) {
            while current.x != x {
                current.x += x > current.x ? 1 : -1
                path.append(current)
            }
        }
        func walk(toY y: Int) {
            while current.y != y {
                current.y += y > current.y ? 1 : -1
                path.append(current)
            }
        }
        if horizontalFirst {
            walk(toX: b.x)
            walk(toY: b.y)
        } else {
            walk(toY: b.y)
            walk(toX: b.x)
        }
        return path
    }

    /// The finished map with stairs and annotations.
    func makeMap() -> TileMap {
        var ground = tiles
        var map = TileMap(width: width, height: height)
        for (number, rect) in rooms.enumerated() {
            map.annotations.append(
                Annotation(
                    kind: .room, name: "room \(number + 1)", rect: rect,
                    properties: ["area": .int(rect.area)]))
        }
        for (number, corridor) in corridors.enumerated() {
            map.annotations.append(
                Annotation(
                    kind: .corridor, name: "corridor \(number + 1)", points: corridor.cells,
                    properties: ["connects": .string("room \(corridor.from + 1), room \(corridor.to + 1)")]))
        }
        for (number, door) in doors.enumerated() {
            map.annotations.append(
                Annotation(
                    kind: .door, name: "door \(number + 1)", points: [door.point],
                    properties: ["room": .string("room \(door.room + 1)")]))
        }
        if let first = rooms.first {
            let entrance = first.center
            let walkable = tiles.mapped { $0 != ids.wall }
            let distances = DistanceMap(from: [entrance], passable: walkable)
            // The exit goes in the centre of the room whose centre is farthest to walk to.
            var exitRoom = 0
            for (number, rect) in rooms.enumerated() where distances[rect.center] > distances[rooms[exitRoom].center] {
                exitRoom = number
            }
            let exit = rooms[exitRoom].center
            ground[entrance] = ids.stairsUp
            map.annotations.append(
                Annotation(kind: .place, name: "entrance", points: [entrance], properties: ["room": .string("room 1")]))
            if exit != entrance {
                ground[exit] = ids.stairsDown
                map.annotations.append(
                    Annotation(
                        kind: .place, name: "exit", points: [exit],
                        properties: ["room": .string("room \(exitRoom + 1)")]))
            }
        }
        map.setTiles(ground, named: "ground")
        return map
    }
}
