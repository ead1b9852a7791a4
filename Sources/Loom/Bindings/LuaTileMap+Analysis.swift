import LoomCore
import LoomMaps
import LoomScript

extension LuaTileMap {
    /// Regions, paths and distances over the walkable cells (or cells of chosen tiles).
    static func addAnalysisMethods(to type: inout LuaType<LuaTileMap>) {
        // map:regions([layer] [, {tiles = {...}, into = "region"}]) → {count=, sizes={...}, boxes={{x,y,w,h}...}}
        type.methods["regions"] = { map, call in
            let layer = try map.tileLayerIndex(try call.layerName(2))
            let options = call.isNil(3) ? LuaTable() : try call.table(3)
            try options.checkKeys(["tiles", "into"], what: "regions")
            let mask: Grid<Bool>
            if options[.string("tiles")] != .nil {
                let condition = try CellCondition(
                    LuaTable(fields: ["tiles": options[.string("tiles")]]), map: map, tileLayer: layer)
                var cells = [Bool](repeating: false, count: map.width * map.height)
                for i in cells.indices { cells[i] = condition.matches(i) }
                mask = Grid(width: map.width, height: map.height, cells: cells)!
            } else {
                mask = try map.walkable(layer: map.tileLayers[layer].name)
            }
            let regions = RegionLabels(mask)
            if let into = options[.string("into")].stringValue {
                let target = try map.floatLayerIndex(into, create: true)
                map.floatLayers[target].values = regions.labels.map { Float($0) }
                map.touch()
            }
            let boxes: [LuaValue] = regions.boundingBoxes.map { box in
                .dictionary([
                    "x": .integer(box.x), "y": .integer(box.y), "w": .integer(box.width), "h": .integer(box.height),
                ])
            }
            try call.push(
                .dictionary([
                    "count": .integer(regions.count), "sizes": .array(regions.sizes.map { .integer($0) }),
                    "boxes": .array(boxes), "largest": regions.largest.map { .integer($0 + 1) } ?? .nil,
                ]))
        }
        // map:path(x1, y1, x2, y2 [, layer]) → {{x=,y=}, …} over walkable cells, or nil.
        type.methods["path"] = { map, call in
            let start = Point(x: try call.integer(2), y: try call.integer(3))
            let goal = Point(x: try call.integer(4), y: try call.integer(5))
            let walkable = try map.walkable(layer: try call.layerName(6))
            guard map.contains(start.x, start.y), map.contains(goal.x, goal.y) else { return call.pushNil() }
            let costs = walkable.map { $0 ? 1.0 : Double.infinity }
            guard let path = PathFinder(costs: costs).path(from: start, to: goal) else { return call.pushNil() }
            try call.push(.array(path.map { .dictionary(["x": .integer($0.x), "y": .integer($0.y)]) }))
        }
        // map:distance(out, sources [, layer]): steps from the nearest source over walkable cells
        // into float layer `out` (unreachable cells get -1); returns the farthest cell.
        type.methods["distance"] = { map, call in
            let target = try map.floatLayerIndex(try call.string(2), create: true)
            let sources = try call.table(3).array.map { entry -> Point in
                guard let cell = entry.tableValue, let x = (cell.array.first ?? cell[.string("x")]).intValue,
                    let y = (cell.array.count > 1 ? cell.array[1] : cell[.string("y")]).intValue
                else { throw LuaError(.runtime, "a distance source must be {x, y} or {x=, y=}") }
                return Point(x: x, y: y)
            }
            let walkable = try map.walkable(layer: try call.layerName(4))
            let distances = DistanceMap(from: sources, passable: walkable)
            map.floatLayers[target].values = distances.distances.map { $0.isFinite ? Float($0) : -1 }
            map.touch()
            if let far = distances.farthest {
                call.push(far.x)
                call.push(far.y)
            }
        }
    }

    /// Places and other annotations.
    static func addAnnotationMethods(to type: inout LuaType<LuaTileMap>) {
        // map:place{kind=, name=, x=, y=, w=1, h=1, ...properties}
        type.methods["place"] = { map, call in
            let table = try call.table(2)
            guard let name = table[.string("name")].stringValue else {
                throw LuaError(.runtime, "a place needs a name")
            }
            guard let x = table[.string("x")].intValue, let y = table[.string("y")].intValue else {
                throw LuaError(.runtime, "place '\(name)' needs whole-number x and y")
            }
            let kind = table[.string("kind")].stringValue ?? "place"
            let rect = Rect(
                x: x, y: y, width: table[.string("w")].intValue ?? 1, height: table[.string("h")].intValue ?? 1)
            var properties: [String: PropertyValue] = [:]
            for (key, value) in table.fields {
                guard let key = key.stringValue, !["name", "kind", "x", "y", "w", "h"].contains(key) else { continue }
                if let property = propertyValue(value) { properties[key] = property }
            }
            map.annotations.append(
                Annotation(kind: Annotation.Kind(kind), name: name, rect: rect, properties: properties))
            map.touch()
        }
        // map:places([kind]) → {{kind=, name=, x=, y=, w=, h=, ...}, …} in order.
        type.methods["places"] = { map, call in
            let kind = try call.layerName(2)
            let places = map.annotations.filter { kind == nil || $0.kind.rawValue == kind }
            try call.push(.array(places.map(describe)))
        }
        // map:place_at(x, y [, kind]) → the last place whose rectangle holds the cell, or nil.
        type.methods["place_at"] = { map, call in
            let point = Point(x: try call.integer(2), y: try call.integer(3))
            let kind = try call.layerName(4)
            guard let place = map.place(at: point, kind: kind) else { return call.pushNil() }
            try call.push(describe(place))
        }
        // map:set_property(place_name, key, value): edits a place found by name.
        type.methods["set_property"] = { map, call in
            let name = try call.string(2), key = try call.string(3)
            guard let index = map.annotations.firstIndex(where: { $0.name == name }) else {
                throw LuaError(.runtime, "no place is named '\(name)'")
            }
            map.annotations[index].properties[key] = propertyValue(try call.value(4))
            map.touch()
        }
    }

    /// The last annotation with a rectangle holding `point` (of `kind` when given).
    public func place(at point: Point, kind: String? = nil) -> Annotation? {
        annotations.last { annotation in
            guard kind == nil || annotation.kind.rawValue == kind, let rect = annotation.rect else { return false }
            return rect.contains(point)
        }
    }

    static func describe(_ annotation: Annotation) -> LuaValue {
        var fields: [String: LuaValue] = ["kind": .string(annotation.kind.rawValue), "name": .string(annotation.name)]
        if let rect = annotation.rect {
            fields["x"] = .integer(rect.x)
            fields["y"] = .integer(rect.y)
            fields["w"] = .integer(rect.width)
            fields["h"] = .integer(rect.height)
        } else if let first = annotation.points.first {
            fields["x"] = .integer(first.x)
            fields["y"] = .integer(first.y)
        }
        for (key, value) in annotation.properties { fields[key] = luaValue(value) }
        return .dictionary(fields)
    }
}
