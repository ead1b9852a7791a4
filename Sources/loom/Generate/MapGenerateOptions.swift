import ArgumentParser
import Foundation
import Loom

/// The options every `loom generate <map kind>` shares: seed, size, parameter overrides and
/// the output file, whose extension picks the format.
struct MapGenerateOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "The seed: an integer (negative, or hex with 0x, too) or any text (hashed).")
    var seed: String = "0"

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

    /// The seed as typed (`Seed(parsing:)`).
    var parsedSeed: Seed { Seed(parsing: seed) }

    /// Applies `--size` and `--set` to `defaults` through their JSON form, so every field of a
    /// parameter struct can be set by name.
    func parameters<P: Codable>(_ defaults: P, choices: [String: [String]]) throws -> P {
        let encoded = try JSONEncoder().encode(defaults)
        guard var object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any] else {
            throw GenerateError("internal error: parameters are not a JSON object")
        }
        if let size {
            guard let parsed = Size(parsing: size) else {
                throw GenerateError("--size '\(size)' is not WIDTHxHEIGHT with positive integers, e.g. 128x64")
            }
            object["width"] = parsed.width
            object["height"] = parsed.height
        }
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw GenerateError(
                    "--set '\(setting)' is not key=value; keys: \(Self.keys(of: object).joined(separator: ", "))")
            }
            let key = String(setting[..<equals]), text = String(setting[setting.index(after: equals)...])
            if let options = choices[key], !options.contains(text) {
                throw GenerateError(
                    "'\(text)' is not a valid \(key); expected one of: \(options.joined(separator: ", "))")
            }
            try Self.set(key.split(separator: ".").map(String.init), in: &object, to: text, fullKey: key, root: object)
        }
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            return try JSONDecoder().decode(P.self, from: data)
        } catch let error as DecodingError {
            throw GenerateError("invalid parameters: \(TileMapErrorText.describe(error))")
        }
    }

    /// Every settable key, nested objects' fields as `outer.inner`, sorted (as the Lua bindings list them).
    static func keys(of object: [String: Any]) -> [String] { ParameterKeys.keys(of: object) }

    /// Sets the value at a dotted key path, converting `text` to the type the default has.
    private static func set(
        _ path: [String], in object: inout [String: Any], to text: String, fullKey: String, root: [String: Any]
    ) throws {
        let unknown = GenerateError(ParameterKeys.unknown(fullKey, allowed: keys(of: root)))
        guard let key = path.first, let current = object[key] else { throw unknown }
        if path.count > 1 {
            guard var nested = current as? [String: Any] else { throw unknown }
            try set(Array(path.dropFirst()), in: &nested, to: text, fullKey: fullKey, root: root)
            object[key] = nested
            return
        }
        if current is [String: Any] { throw unknown }
        if current is String {
            object[key] = text
        } else if let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed),
            !(value is String)
        {
            object[key] = value
        } else {
            throw GenerateError("'\(text)' is not a valid \(fullKey); expected \(describe(current))")
        }
    }

    /// "a value like 0.45": the default, in the JSON form `--set` takes.
    private static func describe(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed) else {
            return "a JSON value"
        }
        return "a value like \(String(decoding: data, as: UTF8.self))"
    }

    /// Generates with `generate`, then writes or prints the result. Errors are reported as
    /// one clear line (`Error: fillProbability is 2.0, expected a value in 0.0...1.0`).
    func run<P: Codable>(
        kind: String, defaults: P, choices: [String: [String]] = [:], validate: (P) throws -> Void,
        generate: (P, Seed) throws -> TileMap
    ) throws {
        do {
            try runUnwrapped(kind: kind, defaults: defaults, choices: choices, validate: validate, generate: generate)
        } catch let error as LoomError {
            throw GenerateError((error.location?.line ?? 0) == 0 ? error.message : error.description)
        }
    }

    private func runUnwrapped<P: Codable>(
        kind: String, defaults: P, choices: [String: [String]], validate: (P) throws -> Void,
        generate: (P, Seed) throws -> TileMap
    ) throws {
        let chosen = try parameters(defaults, choices: choices)
        try validate(chosen)
        if listParameters {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(chosen), as: UTF8.self))
            return
        }
        guard let output else { throw GenerateError("missing --out FILE (.png, .tmj, .json or .txt)") }
        _ = try MapFormat.forPath(output)
        guard (1...64).contains(scale) else { throw GenerateError("--scale is \(scale), expected 1...64") }
        try checkBudget(kind: kind, chosen)
        let map = try generate(chosen, parsedSeed)
        var options = MapExportOptions()
        options.scale = scale
        options.layer = layer
        try map.export(to: output, options: options)
        if json {
            JSONOutput.print(JSONOutput.wrote(kind, file: output, map: map, seed: parsedSeed))
        } else {
            print("wrote \(kind) \(map.width)x\(map.height) (seed \(parsedSeed)) to \(output)")
        }
    }
}

extension MapGenerateOptions {
    /// Refuses a map, or its PNG at `--scale`, that would take more than the ``AllocationBudget``,
    /// before the generator allocates anything. The size comes from the parameters' `width`
    /// and `height` (so `--set width=…` is checked too).
    func checkBudget<P: Codable>(kind: String, _ chosen: P) throws {
        let object = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(chosen))) as? [String: Any]
        guard let width = object?["width"] as? Int, let height = object?["height"] as? Int else { return }
        let budget = try AllocationBudget.current()
        let typed = size ?? "\(width)x\(height)"
        let cells = AllocationBudget.product([width, height, AllocationCost.bytesPerCell(kind: kind)])
        try budget.check("--size", typed, needs: cells, what: "a \(kind) map of \(width)x\(height) cells")
        guard let output, output.lowercased().hasSuffix(".png") else { return }
        let pixels = AllocationCost.image(width: width, height: height, scale: scale)
        try budget.check(
            "--scale", String(scale), needs: pixels,
            what: "a PNG of \(width)x\(height) cells at \(scale)x\(scale) pixels each")
    }
}

/// A command-line error: ArgumentParser prints it as `Error: <message>` and exits with status 1.
struct GenerateError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Words for decoding errors, shared with the library's wording.
enum TileMapErrorText {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing \(key.stringValue)"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")) expected \(type)"
        case .dataCorrupted(let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? context.debugDescription : "\(key): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
