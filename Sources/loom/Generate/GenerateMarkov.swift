import ArgumentParser
import Foundation
import Loom

/// `loom generate markov`: a Markov chain map learned from example maps.
struct GenerateMarkov: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markov", abstract: "Generate a map with a Markov chain learned from examples.",
        discussion: """
            Examples are PNG images (each colour a tile, the palette shared by all examples) or Loom \
            map JSON files (their first tile layer). A tile's probability depends on a window of \
            already-placed neighbours (--window, e.g. "left up up-left" or "-1,0 0,-1"), backing off \
            to smaller windows for contexts the examples never show.
            """)

    @Option(parsing: .upToNextOption, help: "Example maps: .png images or Loom map .json files.")
    var examples: [String] = []

    @Option(help: "Load a saved model instead of learning (examples still feed --stats and colours).")
    var model: String?

    @Option(help: "Save the learned model as JSON.")
    var saveModel: String?

    @Option(help: "The context window (default: left up up-left).")
    var window: String?

    @Option(help: "Contexts seen fewer times back off to a smaller window.")
    var minimumCount: Int = 1

    @Option(help: "Additive smoothing added to every tile's count.")
    var smoothing: Double = 0

    @Option(help: "Tiles (ids, or names for .json examples, comma-separated) a path from left to right must walk on.")
    var walkable: String?

    @Option(help: "Playability: width of the column bands re-sampled until a path continues.")
    var bandWidth: Int = 16

    @Option(help: "Playability: samplings per band before giving up.")
    var tries: Int = 20

    @Option(help: "The output size as WIDTHxHEIGHT (default: the first example's).")
    var size: String?

    @Option(parsing: .unconditional, help: .seed)
    var seed = Seed(0)

    @Option(name: .customLong("out"), help: "The file to write: .png, .tmj, .json or .txt.")
    var output: String

    @Option(help: "PNG: pixels per tile (1-64).")
    var scale: Int = 1

    @Flag(help: "Print the quality metrics against the examples.")
    var stats = false

    @Flag(
        help: """
            Print what was written as one JSON object instead of sentences: {"kind": "markov", "file": "out.png", \
            "width": 48, "height": 48, "seed": "0", "hash": "…"}, with "playable" when --walkable is given and, \
            with --stats, "bandSamples", "contextCounts" and "metrics".
            """)
    var json = false

    func validate() throws {
        guard !examples.isEmpty || model != nil else {
            throw ValidationError("give --examples FILE… to learn from, or --model FILE")
        }
        guard (1...64).contains(scale) else { throw ValidationError("--scale is \(scale), expected 1...64") }
    }

    func run() throws {
        _ = try MapFormat.forPath(output)
        try AtomicFile.refuseOverwriting(output, inputs: examples + (model.map { [$0] } ?? []))
        let loaded = try MarkovExamples.load(examples)
        let markov: MarkovMapModel
        if let model {
            markov = try MarkovMapModel.load(from: model)
        } else {
            var options = MarkovOptions(minimumCount: minimumCount, smoothing: smoothing)
            if let window { options.window = try MarkovOptions.parseWindow(window) }
            markov = try MarkovMapModel(learningFrom: loaded.grids, options: options)
        }
        if let saveModel { try markov.export(to: saveModel) }
        let size: Size
        if let text = self.size {
            guard let parsed = Size(parsing: text), parsed.width > 0, parsed.height > 0 else {
                throw LoomError(.invalidArgument, "--size '\(text)' is not WIDTHxHEIGHT with positive integers")
            }
            size = parsed
        } else if let first = loaded.grids.first {
            size = first.size
        } else {
            throw LoomError(.invalidArgument, "--size is needed when no example gives one")
        }
        let budget = try AllocationBudget.current()
        try budget.check(
            "--size", size.typed, needs: AllocationBudget.product([size.width, size.height, 32]),
            what: "a markov map of \(size.typed) cells")
        if output.lowercased().hasSuffix(".png") {
            try budget.check(
                "--scale", String(scale),
                needs: AllocationCost.image(width: size.width, height: size.height, scale: scale),
                what: "a PNG of \(size.typed) cells at \(scale)x\(scale) pixels each")
        }
        var playability: MarkovPlayability?
        var walkableIDs: Set<Int>?
        if let walkable {
            let ids = try loaded.tileIDs(walkable)
            walkableIDs = Set(ids)
            playability = MarkovPlayability(walkable: ids, bandWidth: bandWidth, tries: tries)
        }
        let result = try markov.generate(
            width: size.width, height: size.height, seed: seed, playability: playability)
        let tileset = try loaded.tileset ?? MarkovExamples.greyTileset(ids: markov.tiles)
        var map = TileMap(width: size.width, height: size.height, tileset: tileset)
        map.setTiles(result.grid.map { UInt16(clamping: $0) }, named: "tiles")
        try map.export(to: output, options: MapExportOptions(scale: scale))
        var metrics: MapQuality?
        if stats && !loaded.grids.isEmpty {
            // Solid means not walkable: from --walkable when given, else from a map tileset.
            let properties =
                walkableIDs.map { ids in TileProperties(isSolid: { !ids.contains($0) }) }
                ?? (loaded.isPalette ? nil : MarkovExamples.properties(tileset))
            metrics = MapMetrics.evaluate(result.grid, examples: loaded.grids, N: 3, properties: properties)
        }
        if json {
            var extra: [String: Any] = [:]
            if let playable = result.isPlayable { extra["playable"] = playable }
            if stats {
                extra["bandSamples"] = result.bandSamples
                extra["contextCounts"] = markov.contextCounts
                if let metrics { extra["metrics"] = JSONOutput.value(metrics) }
            }
            JSONOutput.print(JSONOutput.wrote("markov", file: output, map: map, seed: seed, extra: extra))
            return
        }
        print("wrote markov \(size.width)x\(size.height) (seed \(seed)) to \(output)")
        if let playable = result.isPlayable {
            print(playable ? "playable: a walkable path crosses the map" : "warning: no walkable path crosses the map")
        }
        if stats {
            print("bands sampled: \(result.bandSamples); contexts per back-off level: \(markov.contextCounts)")
            if let metrics { print(metrics.report) }
        }
    }
}

/// Example maps read from PNG images or Loom map JSON files.
struct MarkovExamples {
    var grids: [Grid<Int>] = []
    var tileset: Tileset?
    /// Whether the tileset was made from image colours (so it says nothing about walkability).
    var isPalette = false

    /// The most distinct colours PNG examples may have: the model's tables grow with the
    /// number of tile kinds, and a noisy image has thousands.
    static let maximumColours = 1024

    static func load(_ paths: [String]) throws -> MarkovExamples {
        var result = MarkovExamples()
        var palette: [RGBA] = []
        var known: [UInt32: Int] = [:]
        for path in paths {
            if path.lowercased().hasSuffix(".png") {
                let image = try SampleImage.load(from: path)
                result.grids.append(
                    image.pixels.map { color in
                        if let known = known[color.packed] { return known }
                        // Past the cap, colours are only counted: the error below reports them.
                        if palette.count <= maximumColours {
                            known[color.packed] = palette.count
                        }
                        palette.append(color)
                        return palette.count - 1
                    })
                guard palette.count <= maximumColours else {
                    throw LoomError(
                        .format,
                        "the examples have more than \(maximumColours) colours by this image; a Markov model learns "
                            + "at most \(maximumColours) tile kinds (each colour is one)",
                        at: SourceLocation(file: path))
                }
            } else {
                let map = try TileMap.load(from: path)
                guard let name = map.mainLayerName, let tiles = map.tiles(name) else {
                    throw LoomError(.invalidArgument, "\(path): the map has no tile layer")
                }
                result.grids.append(tiles.map { Int($0) })
                if result.tileset == nil { result.tileset = map.tileset }
            }
        }
        if result.tileset == nil && !palette.isEmpty {
            result.isPalette = true
            let glyphs = Array("0123456789abcdefghijklmnopqrstuvwxyz")
            result.tileset = try Tileset(
                name: "markov-palette",
                tiles: palette.enumerated().map {
                    Tile(
                        id: UInt16($0.offset), name: $0.element.hex, color: $0.element,
                        glyph: glyphs[$0.offset % glyphs.count])
                })
        }
        return result
    }

    /// Tile ids from `"1,2"` or, with a tileset, `"floor,door"`.
    func tileIDs(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map { item in
            let name = item.trimmingCharacters(in: .whitespaces)
            if let id = Int(name) { return id }
            guard let tileset, let tile = tileset.tile(named: name) else {
                throw LoomError(
                    .invalidArgument, "'\(name)' is neither a tile id nor a tile name of the examples' tileset")
            }
            return Int(tile.id)
        }
    }

    static func greyTileset(ids: [Int]) throws -> Tileset {
        try Tileset(
            name: "markov",
            tiles: ids.enumerated().map { index, id in
                let level = UInt8(40 + (index * 53) % 200)
                let glyphs = Array("0123456789abcdefghijklmnopqrstuvwxyz")
                return Tile(
                    id: UInt16(clamping: id), name: "tile-\(id)", color: RGBA(level, level, level),
                    glyph: glyphs[index % glyphs.count])
            })
    }

    /// Solid tiles are the tileset's unwalkable ones; a tile's leniency is its `leniency`
    /// property, or −1 when its `harmful` property is true.
    static func properties(_ tileset: Tileset?) -> TileProperties? {
        guard let tileset else { return nil }
        let solid = tileset.lookupTable(missing: false) { !$0.isWalkable }
        let leniency = tileset.lookupTable(missing: 0.0) { tile -> Double in
            switch tile.properties["leniency"] {
            case .double(let value): return value
            case .int(let value): return Double(value)
            default: return tile.properties["harmful"] == .bool(true) ? -1 : 0
            }
        }
        return TileProperties(
            isSolid: { $0 >= 0 && $0 < solid.count && solid[$0] },
            leniency: { $0 >= 0 && $0 < leniency.count ? leniency[$0] : 0 })
    }
}
