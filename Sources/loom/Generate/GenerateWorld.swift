import ArgumentParser
import Foundation
import Loom

/// `loom generate world WORLD` (also `loom generate WORLD`): runs a world's generate pipeline.
struct GenerateWorld: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world", abstract: "Generate a world folder's map (runs its world.lua).",
        usage: "loom generate [world] <world> --out <out> [--seed <seed>] [--size <size>] [--scale <scale>] [--json]",
        discussion: "WORLD is a folder with a world.lua, such as Worlds/isles; `loom generate Worlds/isles` works too.")

    @Argument(help: "The world folder.")
    var world: String?

    @Option(parsing: .unconditional, help: .worldSeed)
    var seed: Seed?

    @Option(help: "The map size as WIDTHxHEIGHT. Default: the world's.")
    var size: String?

    @Option(name: .customLong("out"), help: "The file to write: .png, .tmj, .json or .txt (required).")
    var output: String?

    @Option(help: "PNG: pixels per tile (1-64).")
    var scale: Int = 1

    @Flag(
        help: """
            Print what was written as one JSON object instead of a sentence: {"kind": "world", "world": "isles", \
            "file": "isles.png", "width": 128, "height": 96, "seed": "7", "hash": "…", "places": 9}.
            """)
    var json = false

    func run() throws {
        // A bare `loom generate` lists the kinds rather than asking for a world.
        guard let world else { throw CleanExit.helpRequest(GenerateCommand.self) }
        try Self.refuseUnknownKind(world)
        guard let output else { throw ValidationError("missing --out FILE (.png, .tmj, .json or .txt)") }
        guard (1...64).contains(scale) else { throw ValidationError("--scale is \(scale), expected 1...64") }
        _ = try MapFormat.forPath(output)
        let loaded = try WorldLoader.load(world)
        let size = try WorldLoader.size(size)
        let generated = try loaded.generate(seed: seed, size: size)
        // The file names the world, its seed and its maker, not the seed of a generator that
        // world.lua called inside (the dungeon's, say); the map's hash stays the generated map's.
        var exported = generated.map
        exported.properties = [
            "generator": .string("world"), "world": .string(loaded.definition.name),
            "seed": .string(generated.seed.description),
        ]
        try exported.export(to: output, options: MapExportOptions(scale: scale))
        let map = generated.map
        if json {
            JSONOutput.print(
                JSONOutput.wrote(
                    "world", file: output, map: map, seed: generated.seed,
                    extra: ["world": loaded.definition.name, "places": generated.places.count]))
            return
        }
        print(
            "wrote world \(loaded.definition.name) \(map.width)x\(map.height) (seed \(generated.seed), "
                + "hash \(String(map.stableHash, radix: 16)), \(generated.places.count) places) to \(output)")
    }

    /// `loom generate terain …`: a word that is neither a world folder nor anything on disk is a
    /// mistyped kind, answered with the nearest kind.
    static func refuseUnknownKind(_ word: String) throws {
        guard !World.isWorldFolder(word), !FileManager.default.fileExists(atPath: word) else { return }
        let kinds = GenerateCommand.kinds.compactMap { $0.configuration.commandName }
        if let kind = Suggestion.closest(to: word, among: kinds) {
            throw LoomError(
                .invalidArgument, "unknown kind '\(word)'; did you mean '\(kind)'? (loom generate \(kind) --help)")
        }
        throw LoomError(
            .invalidArgument,
            "'\(word)' is neither a kind (\(kinds.joined(separator: ", "))) nor a world folder (a folder with a world.lua)"
        )
    }
}
