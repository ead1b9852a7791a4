import ArgumentParser
import Foundation
import Loom

/// The options every `loom generate <map kind>` shares: seed, size, parameter overrides and
/// the output file, whose extension picks the format.
struct MapGenerateOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: .seed)
    var seed = Seed(0)

    @Option(help: "The map size as WIDTHxHEIGHT, e.g. 128x64 (default: the generator's).")
    var size: String?

    @Option(
        name: .customLong("set"), parsing: .upToNextOption,
        help: ArgumentHelp("Parameter overrides as key=value (see --list-parameters).", valueName: "key=value"))
    var settings: [String] = []

    @Option(
        name: .customLong("out"),
        help: "The file to write: .png, .tmj, .json or .txt (required unless --list-parameters).")
    var output: String?

    @Option(help: "PNG: pixels per tile (1-64).")
    var scale: Int = 1

    @Option(help: "PNG and text: the tile layer to draw (default: the first, 'ground').")
    var layer: String?

    @Flag(help: "Print the parameters (with --set and --size applied) as JSON and exit.")
    var listParameters = false

    @Flag(
        help: """
            Print what was written as one JSON object instead of a sentence: {"kind": "caves", "file": "caves.png", \
            "width": 80, "height": 50, "seed": "42", "hash": "…"} (the seed's 64 bits in decimal; the map's stable hash in hex).
            """)
    var json = false

    /// The usage line of `loom generate KIND`: `--out` is required unless the parameters are listed.
    static func usage(_ kind: String) -> String {
        """
        loom generate \(kind) --out <out> [--seed <seed>] [--size <size>] [--set <key=value> ...] [--scale <scale>] [--layer <layer>] [--json]
        loom generate \(kind) --list-parameters [--size <size>] [--set <key=value> ...]
        """
    }

    /// A generator's defaults with `--size` and then each `--set` applied through their JSON
    /// form, so every field of a parameter struct can be set by name; not yet validated.
    static func parameters<Generator: MapGenerator>(
        _: Generator.Type, size: String?, settings: [String]
    ) throws -> Generator {
        let encoded = try JSONEncoder().encode(try Generator.decode(json: nil))
        guard var object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any] else {
            throw LoomError(.runtime, "internal error: parameters are not a JSON object")
        }
        if let size {
            guard let parsed = Size(parsing: size) else {
                throw LoomError(
                    .invalidArgument, "--size '\(size)' is not WIDTHxHEIGHT with positive integers, e.g. 128x64")
            }
            object["width"] = parsed.width
            object["height"] = parsed.height
        }
        try SettingOverrides.apply(settings, to: &object, choices: Generator.parameterChoices)
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            return try JSONDecoder().decode(Generator.self, from: data)
        } catch let error as DecodingError {
            throw LoomError(.invalidArgument, "invalid parameters: \(ParameterKeys.describe(error))")
        }
    }

    /// Generates with a generator of ``MapGenerators`` (its name, defaults, choices and
    /// validation), then writes or prints the result. A `LoomError` is one clear line
    /// (`error: 'fillProbability' is 2.0; expected a number in 0...1`), printed by
    /// `LoomCommand.main`.
    func run<Generator: MapGenerator>(generator: Generator.Type) throws {
        let kind = Generator.name
        let chosen = try Self.parameters(Generator.self, size: size, settings: settings)
        try chosen.validate()
        if listParameters {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(chosen), as: UTF8.self))
            return
        }
        guard let output else { throw LoomError(.invalidArgument, "missing --out FILE (.png, .tmj, .json or .txt)") }
        _ = try MapFormat.forPath(output)
        guard (1...64).contains(scale) else {
            throw LoomError(.invalidArgument, "--scale is \(scale), expected 1...64")
        }
        try checkBudget(chosen)
        let map = try chosen.generate(seed: seed)
        var options = MapExportOptions()
        options.scale = scale
        options.layer = layer
        try map.export(to: output, options: options)
        if json {
            JSONOutput.print(JSONOutput.wrote(kind, file: output, map: map, seed: seed))
        } else {
            print("wrote \(kind) \(map.width)x\(map.height) (seed \(seed)) to \(output)")
        }
    }
}

extension MapGenerateOptions {
    /// Refuses a map, or its PNG at `--scale`, that would take more than the ``AllocationBudget``,
    /// before the generator allocates anything. The size comes from the parameters' `width`
    /// and `height` (so `--set width=…` is checked too).
    func checkBudget<Generator: MapGenerator>(_ chosen: Generator) throws {
        let kind = Generator.name, width = chosen.width, height = chosen.height
        let budget = try AllocationBudget.current()
        let typed = size ?? "\(width)x\(height)"
        let cells = AllocationBudget.product([width, height, Generator.bytesPerCell])
        try budget.check("--size", typed, needs: cells, what: "a \(kind) map of \(width)x\(height) cells")
        guard let output, output.lowercased().hasSuffix(".png") else { return }
        let pixels = AllocationCost.image(width: width, height: height, scale: scale)
        try budget.check(
            "--scale", String(scale), needs: pixels,
            what: "a PNG of \(width)x\(height) cells at \(scale)x\(scale) pixels each")
    }
}
