import LoomScript

extension LuaTileMap {
    /// Methods whose work does not grow with the map: one cell, one layer's name, one place.
    static let cellMethods: Set<String> = [
        "get", "set", "value", "set_value", "size", "name", "layers", "tile", "place", "remove_layer",
    ]
    /// Methods that walk the map's places.
    static let placeMethods: Set<String> = ["places", "place_at", "set_property"]

    /// The bytes a map holds: its layers' cells and its places.
    var memoryCost: Int {
        let cells = width * height
        return cells * (2 * tileLayers.count + 4 * floatLayers.count) + 256 * annotations.count + 256
    }

    /// Charges every method by the work it does (one instruction per cell for whole-map
    /// methods, one per place for those that search the places) and counts each map's
    /// layers and places against the VM's memory limit, so scripts that loop over bulk
    /// methods or make maps in a loop stop at their budgets.
    static func meter(_ type: inout LuaType<LuaTileMap>) {
        type.memoryCost = { $0.memoryCost }
        for (name, method) in type.methods where !cellMethods.contains(name) {
            let searchesPlaces = placeMethods.contains(name)
            type.methods[name] = { map, call in
                try call.charge(searchesPlaces ? map.annotations.count : map.width * map.height)
                try method(map, &call)
            }
        }
    }
}
