import ArgumentParser
import Foundation
import Loom

/// `loom generate neural --model FILE --out FILE`: samples a map from a trained tile model.
struct GenerateNeuralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neural",
        abstract: "Sample a map from a neural tile model (see `loom train tiles`).",
        discussion: """
            Writes a PNG in the examples' colours (or .txt with one character per tile kind: 0-9, a-z, A-Z). \
            --repair connectivity joins every walkable region by carving the shortest routes; walkable \
            colours come from --walkable, by default the most common colour of the examples. --repair wfc \
            re-solves, with the WFC solver, the neighbourhood of every 3x3 window the first example lacks.
            """)

    @Option(help: "The tile model (.safetensors) written by `loom train tiles`.")
    var model: String

    @Option(help: "The map size as WIDTHxHEIGHT.")
    var size = "64x64"

    @Option(parsing: .unconditional, help: .seed)
    var seed = Seed(0)

    @Option(help: "Sampling temperature: 1 follows the model, lower is more conservative, 0 is greedy.")
    var temperature = 1.0

    @Option(help: "A repair applied after sampling: connectivity, or wfc (3x3 patterns of the first example).")
    var repair: String?

    @Option(help: "Comma-separated walkable colours (#RRGGBB) for --repair.")
    var walkable: String?

    @Option(help: "PNG: pixels per tile (1-64).")
    var scale = 1

    @Flag(help: "Print the quality metrics (tile distribution, 3x3 pattern novelty) against the examples.")
    var stats = false

    @Option(help: "The file to write: .png or .txt.")
    var out: String

    @Flag(
        help: """
            Print what was written as one JSON object instead of sentences: {"kind": "neural", "file": "out.png", \
            "width": 64, "height": 64, "seed": "0", "hash": "…"} (the hash is the tile grid's), with "metrics" \
            when --stats is given.
            """)
    var json = false

    func validate() throws {
        guard Size(parsing: size) != nil else { throw ValidationError("--size must be WIDTHxHEIGHT (got \(size))") }
        guard (1...64).contains(scale) else { throw ValidationError("--scale must be 1 to 64 (got \(scale))") }
        if let repair, repair != "connectivity", repair != "wfc" {
            throw ValidationError("--repair must be 'connectivity' or 'wfc' (got '\(repair)')")
        }
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard ext == "png" || ext == "txt" else { throw ValidationError("--out must end in .png or .txt (got \(out))") }
    }

    func run() throws {
        let size = Size(parsing: self.size)!
        let budget = try AllocationBudget.current()
        try budget.check(
            "--size", size.typed, needs: AllocationBudget.product([size.width, size.height, 64]),
            what: "a neural map of \(size.typed) cells")
        if URL(fileURLWithPath: out).pathExtension.lowercased() == "png" {
            try budget.check(
                "--scale", String(scale),
                needs: AllocationCost.image(width: size.width, height: size.height, scale: scale),
                what: "a PNG of \(size.typed) cells at \(scale)x\(scale) pixels each")
        }
        try AtomicFile.refuseOverwriting(out, inputs: [model])
        let checkpoint = try Checkpoint.load(from: model)
        let tileModel = try NeuralTileModel(checkpoint: checkpoint, source: model)
        let examples = NeuralTileExamples(storedIn: checkpoint, palette: tileModel.palette)
        var tiles = try NeuralTileSampler(model: tileModel).sample(
            size: size, seed: seed, temperature: temperature)
        if repair == "connectivity" {
            try connectivityRepair(tileModel, examples).repair(&tiles, seed: seed.derive("repair"))
        } else if repair == "wfc" {
            guard let first = examples?.intMaps.first else {
                throw LoomError(.invalidArgument, "\(model) holds no example maps for --repair wfc to learn from")
            }
            let rules = try OverlappingRules(
                sample: first, options: OverlappingOptions(N: 3, symmetry: 1, periodicInput: false))
            try WFCRepair(rules: rules).repair(&tiles, seed: seed.derive("repair"))
        }
        if stats && examples == nil {
            throw LoomError(
                .invalidArgument, "\(model) holds no example maps, so --stats has nothing to compare with")
        }
        try write(tiles, palette: tileModel.palette)
        let metrics = examples.flatMap {
            stats ? MapMetrics.evaluate(tiles.map { Int($0) }, examples: $0.intMaps, N: 3) : nil
        }
        if json {
            var hasher = StableHasher()
            hasher.combine(UInt64(tiles.width))
            hasher.combine(UInt64(tiles.height))
            hasher.combine(tiles.cells)
            var object: [String: Any] = [
                "kind": "neural", "file": out, "width": tiles.width, "height": tiles.height,
                "seed": seed.description, "hash": String(hasher.finalize(), radix: 16),
            ]
            if let metrics { object["metrics"] = JSONOutput.value(metrics) }
            JSONOutput.print(object)
            return
        }
        print("wrote neural \(tiles.width)x\(tiles.height) (seed \(seed)) to \(out)")
        if let metrics { print(metrics.report) }
    }

    private func connectivityRepair(
        _ model: NeuralTileModel, _ examples: NeuralTileExamples?
    ) throws -> ConnectivityRepair {
        var ids = Set<UInt16>()
        if let walkable {
            for text in walkable.split(separator: ",") {
                guard let colour = RGBA(hex: String(text)) else {
                    throw LoomError(.invalidArgument, "--walkable '\(text)' is not a #RRGGBB colour")
                }
                let match = model.palette.firstIndex {
                    $0 == colour || ($0.r, $0.g, $0.b) == (colour.r, colour.g, colour.b)
                }
                guard let index = match else {
                    throw LoomError(
                        .invalidArgument,
                        "--walkable \(text) is not a tile colour of the model; its colours are "
                            + model.palette.map(\.hex).joined(separator: ", "))
                }
                ids.insert(UInt16(index))
            }
        }
        guard let examples else {
            guard let first = ids.min() else {
                throw LoomError(
                    .invalidArgument, "\(model) holds no examples; give the walkable colours with --walkable")
            }
            return ConnectivityRepair(walkable: ids, carveTile: first)
        }
        if ids.isEmpty {
            let shares = examples.distribution
            ids.insert(UInt16(shares.indices.max { shares[$0] < shares[$1] } ?? 0))
        }
        return try ConnectivityRepair(walkable: ids, examples: examples)
    }

    private func write(_ tiles: Grid<UInt16>, palette: [RGBA]) throws {
        if URL(fileURLWithPath: out).pathExtension.lowercased() == "txt" {
            let glyphs = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            guard palette.count <= glyphs.count else {
                throw LoomError(.invalidArgument, "a .txt map holds at most \(glyphs.count) tile kinds; write a .png")
            }
            let text = (0..<tiles.height).map { y in String((0..<tiles.width).map { glyphs[Int(tiles[$0, y])] }) }
            try AtomicFile.write(Data((text.joined(separator: "\n") + "\n").utf8), to: out)
        } else {
            try RGBAImage(tiles) { palette[Int($0)] }.scaled(by: scale).export(to: out)
        }
    }
}
