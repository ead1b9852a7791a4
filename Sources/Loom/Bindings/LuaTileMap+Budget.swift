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

    /// Instructions charged per cell a whole-map method touches: about what the cell costs
    /// next to one Lua instruction (a few nanoseconds in a release build).
    static let instructionsPerCell = 4

    /// Charges every method by the work it does (``instructionsPerCell`` per cell for
    /// whole-map methods, 16 per cell and octave for `fill_noise`; one per place for those that
    /// search the places) and counts each map's layers and places against the VM's memory
    /// limit, so scripts that loop over bulk methods or make maps in a loop stop at their budgets.
    static func meter(_ type: inout LuaType<LuaTileMap>) {
        type.memoryCost = { $0.memoryCost }
        for (name, method) in type.methods where !cellMethods.contains(name) {
            let searchesPlaces = placeMethods.contains(name)
            type.methods[name] = { map, call in
                if searchesPlaces {
                    try call.charge(map.annotations.count)
                } else {
                    var perCell = instructionsPerCell
                    if name == "fill_noise", let noise = try? call.object(3, as: LuaNoise.self) {
                        // A noise sample costs tens of nanoseconds an octave: some sixteen instructions.
                        perCell = 16 * (noise.generator.fractalType == .none ? 1 : max(1, noise.generator.octaves))
                    }
                    try call.charge(map.width * map.height * perCell)
                }
                try method(map, &call)
            }
        }
    }

    /// Charges a generator call for the map it is about to make: `perCell` instructions for
    /// each cell of the `width × height` its parameter table asks for (the generator's
    /// defaults when the table names none), and checks its tile layer fits the memory limit.
    static func chargeGenerator(_ call: LuaCall, parameters: LuaValue, perCell: Int) throws {
        let table = parameters.tableValue
        let width = table?[.string("width")].intValue ?? 64
        let height = table?[.string("height")].intValue ?? 64
        let (cells, overflow) = max(0, width).multipliedReportingOverflow(by: max(0, height))
        let (work, workOverflow) = cells.multipliedReportingOverflow(by: perCell)
        try call.charge(overflow || workOverflow ? Int.max : work)
        // At least one tile layer of two bytes a cell comes back to Lua.
        try call.reserveMemory(overflow ? Int.max : cells.multipliedReportingOverflow(by: 2).partialValue, for: "a map")
    }
}
