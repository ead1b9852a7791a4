import ArgumentParser
import Foundation
import Loom

/// `loom generate wfc`: Wave Function Collapse from a sample image or a tileset.
struct GenerateWFC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wfc", abstract: "Generate a map with Wave Function Collapse.",
        discussion: """
            With --sample FILE.png, learns N×N patterns from the image (the overlapping model). With \
            --tileset DIR/data.xml (or a Loom JSON tileset), places tiles by their neighbour rules (the \
            simple tiled model). The output format follows --out: .png (sample colours or tile images), \
            .tmj, .json or .txt.
            """)

    @Option(help: "A sample image for the overlapping model.")
    var sample: String?

    @Option(help: "A tileset (classic data.xml or Loom JSON) for the simple tiled model.")
    var tileset: String?

    @Option(help: "The tileset subset to use.")
    var subset: String?

    @Option(name: .customLong("N"), help: "Overlapping: pattern side, 2-6.")
    var n: Int = 3

    @Option(help: "Overlapping: rotations and reflections learned: 1, 2, 4 or 8.")
    var symmetry: Int = 8

    @Flag(help: "The output wraps around at its edges.")
    var periodic = false

    @Flag(inversion: .prefixedNo, help: "Overlapping: the sample wraps around.")
    var periodicInput = true

    @Option(
        parsing: .unconditional,
        help: "Overlapping: pattern forced along the bottom row (0 none, -k the k-th from the end).")
    var ground: Int = 0

    @Option(help: "The output size as WIDTHxHEIGHT (default 48x48 overlapping, 24x24 tiled).")
    var size: String?

    @Option(parsing: .unconditional, help: .seed)
    var seed = Seed(0)

    @Option(help: "Cell choice: entropy, mrv or scanline.")
    var heuristic: String = "entropy"

    @Option(help: "Attempts before giving up, 1-10000.")
    var attempts: Int = 10

    @Option(
        help: """
            Stop after this many observations and write the partly collapsed wave (0: solve fully). \
            Overlapping model, .png output only: undecided pixels are drawn as the average colour \
            of the patterns they still allow.
            """)
    var limit: Int = 0

    @Option(
        help: """
            Make a block of endless-world chunks instead of one map, as COLUMNSxROWS (e.g. 4x4), \
            starting at chunk --chunk-origin; each chunk is --size cells (wave cells for the \
            overlapping model). Chunks join without seams and depend only on the seed and their \
            coordinates.
            """)
    var chunks: String?

    @Option(parsing: .unconditional, help: "With --chunks: the top-left chunk's coordinates as X,Y (negative too).")
    var chunkOrigin: String = "0,0"

    @Flag(help: "With --chunks: full-height chunks along x only (a strip), the ground on the bottom row.")
    var strip = false

    @Flag(
        help: ArgumentHelp(
            "With --chunks: frame every chunk with the same ring of one periodic solve, so every chunk joins.",
            discussion: "For rules whose chunks otherwise fail to join; every chunk border shows the same line."))
    var framed = false

    @Option(
        help: "With --chunks: fix one pattern at every cell whose coordinates are multiples of N (lattice samples).")
    var anchor: Int?

    @Option(name: .customLong("out"), help: "The file to write: .png, .tmj, .json or .txt.")
    var output: String

    @Option(help: "PNG: pixels per cell for the overlapping model (1-64).")
    var scale: Int = 1

    @Flag(help: "Print the solver's work and the quality metrics against the sample.")
    var stats = false

    @Flag(
        help: """
            Print what was written as one JSON object instead of sentences: {"kind": "wfc", "file": "out.png", \
            "width": 48, "height": 48, "seed": "0", "hash": "…", "model": "overlapping", "patterns": 120}; \
            with --stats also "solver" and "metrics"; a partial result has "decided" and "cells" (of the wave) and no "hash"; \
            --chunks gives "chunks" and "origin".
            """)
    var json = false

    func validate() throws {
        guard (sample == nil) != (tileset == nil) else {
            throw ValidationError("give exactly one of --sample FILE.png and --tileset FILE")
        }
        guard WFCHeuristic(rawValue: heuristic) != nil else {
            throw ValidationError("--heuristic '\(heuristic)' is not one of: entropy, mrv, scanline")
        }
        guard (1...64).contains(scale) else { throw ValidationError("--scale is \(scale), expected 1...64") }
        if chunks != nil {
            guard limit == 0, !periodic else {
                throw ValidationError("--chunks makes an endless world: it takes neither --limit nor --periodic")
            }
        } else if strip || framed {
            throw ValidationError("--\(strip ? "strip" : "framed") needs --chunks")
        }
        if strip && framed { throw ValidationError("--strip and --framed are two layouts: choose one") }
        guard limit >= 0 else { throw ValidationError("--limit is \(limit), expected 0 or more") }
        if limit > 0 {
            guard sample != nil else {
                throw ValidationError("--limit needs --sample: only the overlapping model draws a partial result")
            }
            guard output.lowercased().hasSuffix(".png") else {
                throw ValidationError("--limit needs a .png output: undecided cells are drawn as average colours")
            }
        }
    }

    func run() throws {
        _ = try MapFormat.forPath(output)
        try AtomicFile.refuseOverwriting(output, inputs: [sample, tileset].compactMap { $0 })
        var options = WFCOptions(periodic: periodic, attempts: attempts, observationLimit: limit)
        options.heuristic = WFCHeuristic(rawValue: heuristic) ?? .entropy
        if let chunks {
            try runChunks(chunks, options: options, seed: seed)
        } else if let sample {
            try runOverlapping(sample: sample, options: options, seed: seed)
        } else if let tileset {
            try runTiled(tileset: tileset, options: options, seed: seed)
        }
    }

    func outputSize(default side: Int) throws -> Size {
        guard let size else { return Size(width: side, height: side) }
        guard let parsed = Size(parsing: size), parsed.width > 0, parsed.height > 0 else {
            throw LoomError(.invalidArgument, "--size '\(size)' is not WIDTHxHEIGHT with positive integers, e.g. 48x48")
        }
        return parsed
    }

    private func runOverlapping(sample: String, options: WFCOptions, seed: Seed) throws {
        let image = try SampleImage.load(from: sample)
        let rules = try learn(image, from: sample)
        let size = try outputSize(default: 48)
        try checkBudget(size: size, patterns: rules.patternCount, pixelsPerCell: scale)
        let solver = try rules.solver(width: size.width, height: size.height, options: options)
        let result = solver.solve(seed: seed, constraints: rules.constraints)
        let values = rules.values(from: try result.get(), periodic: periodic)
        if let wave = result.wave {
            try rules.image(of: wave, periodic: periodic).scaled(by: scale).export(to: output)
            if json {
                var object: [String: Any] = [
                    "kind": "wfc", "file": output, "width": size.width, "height": size.height,
                    "seed": seed.description, "model": "overlapping", "patterns": rules.patternCount,
                    "decided": wave.decidedCount, "cells": wave.width * wave.height,
                ]
                if stats { object["solver"] = work(result) }
                JSONOutput.print(object)
                return
            }
            print(
                "wrote a partial wfc \(size.width)x\(size.height) (\(wave.decidedCount) of \(wave.width * wave.height) "
                    + "cells decided after \(limit) observations, seed \(seed)) to \(output)")
            if stats { printWork(result) }
            return
        }
        let map = try rules.tileMap(values)
        try map.export(to: output, options: MapExportOptions(scale: scale))
        let example = image.pixels.map { color in rules.colors?.firstIndex(of: color) ?? -1 }
        let metrics = stats ? MapMetrics.evaluate(values, examples: [example], N: rules.N) : nil
        if json {
            var extra: [String: Any] = ["model": "overlapping", "patterns": rules.patternCount]
            if let metrics { extra.merge(["solver": work(result), "metrics": JSONOutput.value(metrics)]) { $1 } }
            JSONOutput.print(JSONOutput.wrote("wfc", file: output, map: map, seed: seed, extra: extra))
            return
        }
        print("wrote wfc \(size.width)x\(size.height) from \(rules.patternCount) patterns (seed \(seed)) to \(output)")
        if let metrics {
            printWork(result)
            print(metrics.report)
        }
    }

    private func runTiled(tileset path: String, options: WFCOptions, seed: Seed) throws {
        let description = try TilesetDescription.load(from: path)
        let rules = try TiledRules(description, subset: subset)
        let size = try outputSize(default: 24)
        try checkBudget(size: size, patterns: rules.patternCount, pixelsPerCell: description.tileSize ?? 16)
        let solver = try WFCSolver(rules: rules, width: size.width, height: size.height, options: options)
        let result = solver.solve(seed: seed)
        let variants = try result.get()
        let images = try tileImages(rules, description, path: path)
        // A PNG of tile images is drawn from the variants; the map is made only for other
        // formats and for --json's hash.
        let drawn = images != nil && output.lowercased().hasSuffix(".png")
        let map = drawn && !json ? nil : try rules.tileMap(variants, images: images)
        if let images, drawn {
            try rules.render(variants, images: images).export(to: output)
        } else {
            try map?.export(to: output, options: MapExportOptions(scale: scale))
        }
        let distribution = MapMetrics.tileDistribution([variants])
        if json, let map {
            var extra: [String: Any] = ["model": "tiled", "patterns": rules.patternCount]
            if stats {
                extra["solver"] = work(result)
                var shares: [String: Double] = [:]
                for (variant, share) in distribution { shares[rules.variantName(variant)] = share }
                extra["distribution"] = shares
            }
            JSONOutput.print(JSONOutput.wrote("wfc", file: output, map: map, seed: seed, extra: extra))
            return
        }
        print(
            "wrote wfc \(size.width)x\(size.height) from \(rules.patternCount) tile variants (seed \(seed)) to \(output)"
        )
        if stats {
            printWork(result)
            let shares = distribution.keys.sorted().map {
                "\(rules.variantName($0)) \(String(format: "%.3f", distribution[$0] ?? 0))"
            }
            print("tile distribution: \(shares.joined(separator: ", "))")
        }
    }

    /// The overlapping rules of the sample `image` read from `path`; errors name the sample.
    func learn(_ image: RGBAImage, from path: String) throws -> OverlappingRules {
        do {
            return try OverlappingRules(
                image: image,
                options: OverlappingOptions(N: n, symmetry: symmetry, periodicInput: periodicInput, ground: ground))
        } catch let error as LoomError where error.location == nil {
            throw LoomError(error.kind, error.message, at: SourceLocation(file: path))
        }
    }

    /// The tile images of a tileset read from `path`: required for a classic `data.xml`; a Loom
    /// JSON tileset with no tile image beside it draws its tiles' colours instead (`nil`).
    func tileImages(_ rules: TiledRules, _ description: TilesetDescription, path: String) throws -> [RGBAImage]? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !path.lowercased().hasSuffix(".xml") {
            let names = description.tiles.flatMap { ["\($0.name).png", "\($0.name) 0.png"] }
            guard names.contains(where: { FileManager.default.fileExists(atPath: "\(folder)/\($0)") }) else {
                return nil
            }
        }
        return try rules.loadImages(folder: folder, unique: description.unique, tileSize: description.tileSize)
    }

    /// Refuses a `--size` whose wave, or whose PNG at `pixelsPerCell`, would pass the
    /// ``AllocationBudget``.
    func checkBudget(size: Size, patterns: Int, pixelsPerCell: Int) throws {
        let budget = try AllocationBudget.current()
        let cells = AllocationBudget.product([size.width, size.height])
        try budget.check(
            "--size", size.typed, needs: cells.flatMap { AllocationCost.wfcSolver(cells: $0, patterns: patterns) },
            what: "a wave of \(size.typed) cells over \(patterns) patterns")
        if output.lowercased().hasSuffix(".png") {
            try budget.check(
                "--size", size.typed,
                needs: AllocationCost.image(width: size.width, height: size.height, scale: pixelsPerCell),
                what: "a PNG of \(size.typed) cells at \(pixelsPerCell)x\(pixelsPerCell) pixels each")
        }
    }

    /// The solver's work for `--json --stats`.
    private func work(_ result: WFCResult) -> [String: Any] {
        ["attempts": result.attempts, "backtracks": result.backtracks, "propagationSteps": result.propagationSteps]
    }

    private func printWork(_ result: WFCResult) {
        print(
            "solver: \(result.attempts) attempt(s), \(result.backtracks) backtrack(s), "
                + "\(result.propagationSteps) propagation steps")
    }
}
