import ArgumentParser
import Loom

/// `loom generate caves`: cellular-automaton caves, every region joined.
struct GenerateCaves: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caves", abstract: "Generate caves (cellular automata, then every region joined).",
        usage: MapGenerateOptions.usage("caves"),
        discussion: "Parameters (--set key=value): width, height, fillProbability, rule (e.g. B5678/S45678), "
            + "iterations, minimumRegionSize, connection (join, keepLargest).")

    @OptionGroup var options: MapGenerateOptions

    func run() throws {
        try options.run(generator: CaveParameters.self)
    }
}

/// `loom generate dungeon`: rooms and corridors by BSP or digging.
struct GenerateDungeon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dungeon", abstract: "Generate a dungeon of rooms, corridors and doors.",
        usage: MapGenerateOptions.usage("dungeon"),
        discussion: "Parameters (--set key=value): width, height, algorithm (bsp, digger), minimumRoomSize, "
            + "maximumRoomSize, splitBalance, minimumCorridorLength, maximumCorridorLength, corridorChance, "
            + "fillTarget, maximumSteps, doors.")

    @OptionGroup var options: MapGenerateOptions

    func run() throws {
        try options.run(generator: DungeonParameters.self)
    }
}

/// `loom generate maze`: perfect or braided mazes.
struct GenerateMaze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maze", abstract: "Generate a maze (recursive backtracker or Eller's), optionally braided.",
        usage: MapGenerateOptions.usage("maze"),
        discussion: "Parameters (--set key=value): width, height, algorithm (backtracker, eller), braid, "
            + "horizontalBias.")

    @OptionGroup var options: MapGenerateOptions

    func run() throws {
        try options.run(generator: MazeParameters.self)
    }
}

/// `loom generate terrain`: height, biomes, rivers and lakes from noise.
struct GenerateTerrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terrain", abstract: "Generate terrain: height, moisture, temperature, biomes, rivers and lakes.",
        usage: MapGenerateOptions.usage("terrain"),
        discussion: "Parameters (--set key=value): width, height, shape (none, island, continents), seaLevel, "
            + "islandFalloff, domainWarp, riverThreshold, lakeDepth, drainageSpacing, drainageReach, altitudeCooling, "
            + "equatorY, polarDistance, "
            + "erosion.droplets and the other erosion.* fields, and the noise settings elevation.*, warp.*, "
            + "continents.*, moisture.* (e.g. elevation.frequency=0.01). Layers: ground, biome.")

    @OptionGroup var options: MapGenerateOptions

    func run() throws {
        try options.run(generator: TerrainParameters.self)
    }
}
