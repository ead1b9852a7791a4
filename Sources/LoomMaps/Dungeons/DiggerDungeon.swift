import LoomCore

/// Grows a dungeon from one room: each step picks a wall of an existing room and tries to
/// attach a corridor ending in a new room, or a new room sharing that wall, where the rock is
/// solid. Every room is attached to an earlier one through a door, so all are connected.
struct DiggerDungeon {
    let parameters: DungeonParameters

    func build<R: RandomNumberGenerator>(on canvas: inout DungeonCanvas, random: inout R) {
        let p = parameters
        let first = Rect(
            x: 0, y: 0, width: random.nextInt(in: p.minimumRoomSize...p.maximumRoomSize),
            height: random.nextInt(in: p.minimumRoomSize...p.maximumRoomSize))
        canvas.carveRoom(
            Rect(
                x: (canvas.width - first.width) / 2, y: (canvas.height - first.height) / 2, width: first.width,
                height: first.height))
        let target = Int(p.fillTarget * Double((canvas.width - 2) * (canvas.height - 2)))
        var steps = 0
        while steps < p.maximumSteps && canvas.floorCount < target {
            steps += 1
            let from = random.nextInt(below: canvas.rooms.count)
            let room = canvas.rooms[from]
            let side = random.nextInt(below: 4)
            let direction = Point.orthogonalSteps[side]
            // The door cell: in the wall ring on the chosen side, never at a corner.
            let door: Point
            switch side {
            case 0: door = Point(x: room.maxX, y: room.y + random.nextInt(below: room.height))
            case 1: door = Point(x: room.x + random.nextInt(below: room.width), y: room.maxY)
            case 2: door = Point(x: room.x - 1, y: room.y + random.nextInt(below: room.height))
            default: door = Point(x: room.x + random.nextInt(below: room.width), y: room.y - 1)
            }
            let corridorLength =
                random.nextBool(probability: p.corridorChance)
                ? random.nextInt(in: p.minimumCorridorLength...p.maximumCorridorLength) : 0
            let depth = random.nextInt(in: p.minimumRoomSize...p.maximumRoomSize)
            let breadth = random.nextInt(in: p.minimumRoomSize...p.maximumRoomSize)
            let entry = Point(
                x: door.x + direction.x * (corridorLength + (corridorLength > 0 ? 2 : 1)),
                y: door.y + direction.y * (corridorLength + (corridorLength > 0 ? 2 : 1)))
            let offset = random.nextInt(below: breadth)
            let newRoom: Rect
            switch side {
            case 0: newRoom = Rect(x: entry.x, y: entry.y - offset, width: depth, height: breadth)
            case 1: newRoom = Rect(x: entry.x - offset, y: entry.y, width: breadth, height: depth)
            case 2: newRoom = Rect(x: entry.x - depth + 1, y: entry.y - offset, width: depth, height: breadth)
            default: newRoom = Rect(x: entry.x - offset, y: entry.y - depth + 1, width: breadth, height: depth)
            }
            guard canvas.tiles[door] == canvas.ids.wall, canvas.isSolid(newRoom) else { continue }
            var path = [door - direction, door]
            var fits = true
            for k in 0..<(corridorLength + (corridorLength > 0 ? 1 : 0)) {
                let cell = Point(x: door.x + direction.x * (k + 1), y: door.y + direction.y * (k + 1))
                path.append(cell)
                guard k < corridorLength else { continue }  // the last is the far door, in the room's ring
                // A corridor keeps a wall on both sides, so it never opens into anything else.
                let across = Point(x: direction.y, y: direction.x)
                for check in [cell, cell + across, cell - across] {
                    guard check.x > 0, check.y > 0, check.x < canvas.width - 1, check.y < canvas.height - 1,
                        canvas.tiles[check] == canvas.ids.wall
                    else {
                        fits = false
                        break
                    }
                }
                if !fits { break }
            }
            guard fits else { continue }
            path.append(entry)
            let to = canvas.carveRoom(newRoom)
            canvas.carvePath(path, from: from, to: to)
        }
    }
}
