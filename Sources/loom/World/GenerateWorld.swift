import ArgumentParser
import Foundation
import Loom

/// `loom generate world WORLD` (also `loom generate WORLD`): runs a world's generate pipeline.
struct GenerateWorld: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world", abstract: "Generate a world folder's map (runs its world.lua).",
        discussion: "WORLD is a folder with a world.lua, such as Worlds/isles; `loom generate Worlds/isles` works too.")

    @Argument(help: "The world folder.")
    var world: String?

    @Option(help: "The seed: an integer, or any text (hashed). Default: the world's.")
    var seed: String?

    @Option(help: "The map size as WIDTHxHEIGHT. Default: the world's.")
    var size: String?

    @Option(name: .customLong("out"), help: "The file to write: .png, .tmj, .json or .txt.")
    var output: String?

    @Option(help: "PNG: pixels per tile (1-64).")
    var scale: Int = 1

    func run() throws {
        // A bare `loom generate` lists the kinds rather than asking for a world.
        guard let world else { throw CleanExit.helpRequest(GenerateCommand.self) }
        guard let output else { throw ValidationError("missing --out FILE (.png, .tmj, .json or .txt)") }
        guard (1...64).contains(scale) else { throw ValidationError("--scale is \(scale), expected 1...64") }
        _ = try MapFormat.forPath(output)
        let loaded = try WorldLoader.load(world)
        let size = try WorldLoader.size(size)
        let generated = try WorldLoader.reporting {
            let generated = try loaded.generate(seed: WorldLoader.seed(seed), size: size)
            try generated.map.export(to: output, options: MapExportOptions(scale: scale))
            return generated
        }
        let map = generated.map
        print(
            "wrote world \(loaded.definition.name) \(map.width)x\(map.height) (seed \(generated.seed), "
                + "hash \(String(map.stableHash, radix: 16)), \(generated.places.count) places) to \(output)")
    }
}
