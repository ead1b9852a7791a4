import ArgumentParser
import Foundation
import Loom

extension GenerateWFC {
    /// `--chunks`: a block of endless-world chunks, assembled into one map.
    func runChunks(_ text: String, options: WFCOptions, seed: Seed) throws {
        guard let count = Size(parsing: text), count.width > 0, count.height > 0 else {
            throw LoomError(.invalidArgument, "--chunks '\(text)' is not COLUMNSxROWS with positive integers, e.g. 4x4")
        }
        let parts = chunkOrigin.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let ox = parts[0], let oy = parts[1] else {
            throw LoomError(.invalidArgument, "--chunk-origin '\(chunkOrigin)' is not X,Y with integers, e.g. -2,3")
        }
        let layout: WFCChunkLayout = strip ? .strip : framed ? .framed : .grid
        guard !strip || (oy == 0 && count.height == 1) else {
            throw LoomError(.invalidArgument, "a strip has one row of chunks: use --chunks Nx1 and an origin X,0")
        }
        let size = try outputSize(default: sample != nil ? 24 : 16)
        try checkChunkOrigin(ox, oy, count: count, size: size)
        let block = Rect(x: ox, y: oy, width: count.width, height: count.height)
        if let sample {
            let rules = try learn(try SampleImage.load(from: sample), from: sample)
            try checkChunkBudget(count: count, size: size, patterns: rules.patternCount)
            let world = try WFCChunks(
                rules: rules, chunkWidth: size.width, chunkHeight: size.height, seed: seed, options: options,
                layout: layout, ground: strip ? rules.groundPattern : nil, anchorSpacing: anchor)
            let region = try complete(world.region(in: block))
            let values = rules.values(from: region.patterns, periodic: false)
            let map = try rules.tileMap(values)
            try map.export(to: output, options: MapExportOptions(scale: scale))
            report(region, size: size, map: map, seed: seed)
        } else if let tileset {
            let description = try TilesetDescription.load(from: tileset)
            let rules = try TiledRules(description, subset: subset)
            try checkChunkBudget(count: count, size: size, patterns: rules.patternCount)
            let world = try WFCChunks(
                rules: rules, chunkWidth: size.width, chunkHeight: size.height, seed: seed, options: options,
                layout: layout, anchorSpacing: anchor)
            let region = try complete(world.region(in: block))
            let images = try tileImages(rules, description, path: tileset)
            let map = try rules.tileMap(region.patterns, images: images)
            if let images, output.lowercased().hasSuffix(".png") {
                try rules.render(region.patterns, images: images).export(to: output)
            } else {
                try map.export(to: output, options: MapExportOptions(scale: scale))
            }
            // The report reads the block's size and hash from the map, drawn or not.
            report(region, size: size, map: map, seed: seed)
        }
    }

    /// Chunk coordinates stay within ±2^40 cells of the origin, so no cell coordinate of the
    /// block or of the chunks around it that it reads can overflow.
    private func checkChunkOrigin(_ ox: Int, _ oy: Int, count: Size, size: Size) throws {
        let limit = (1 << 40) / max(size.width, size.height)
        for (value, extent) in [(ox, count.width), (oy, count.height)] {
            guard value >= -limit, value <= limit, extent <= limit, value + extent <= limit else {
                throw LoomError(
                    .invalidArgument,
                    "--chunk-origin '\(chunkOrigin)' with --chunks \(count.typed) leaves the world: chunk coordinates "
                        + "must stay within -\(limit)...\(limit) for chunks of \(size.typed) cells")
            }
        }
    }

    /// Refuses a block whose chunks (each solved with a margin around it, and kept until the
    /// block is assembled) would pass the ``AllocationBudget``.
    private func checkChunkBudget(count: Size, size: Size, patterns: Int) throws {
        let budget = try AllocationBudget.current()
        // The block's cells, and the chunks read around it (three more on every side), kept as
        // pattern ids and then as a map.
        let kept = AllocationBudget.product([count.width + 6, count.height + 6, size.width, size.height, 24])
        // Each worker solves one chunk at a time, grown by at most its own size for repairs.
        let solving = AllocationBudget.product([size.width, size.height, 4]).flatMap {
            AllocationCost.wfcSolver(cells: $0, patterns: patterns)
        }
        let threads = Parallel.defaultThreadCount
        try budget.check(
            "--chunks", count.typed,
            needs: AllocationBudget.sum([kept, solving.flatMap { AllocationBudget.product([$0, threads]) }]),
            what: "\(count.typed) chunks of \(size.typed) cells over \(patterns) patterns")
        if output.lowercased().hasSuffix(".png") {
            let cells = AllocationBudget.product([count.width, size.width])
            let rows = AllocationBudget.product([count.height, size.height])
            let pixels = cells.flatMap { c in rows.flatMap { AllocationCost.image(width: c, height: $0, scale: scale) }
            }
            try budget.check("--chunks", count.typed, needs: pixels, what: "the PNG of the block")
        }
    }

    /// The region, or an error naming every chunk without a solution (nothing is written).
    private func complete(_ region: WFCChunkRegion) throws -> WFCChunkRegion {
        guard region.isComplete else {
            let lines = region.failures.map { "  chunk (\($0.chunk.x), \($0.chunk.y)): \($0.reason)" }
            throw LoomError(
                .invalidArgument,
                "\(region.failures.count) chunk(s) have no solution, so nothing was written:\n"
                    + lines.joined(separator: "\n"))
        }
        return region
    }

    private func report(_ region: WFCChunkRegion, size: Size, map: TileMap, seed: Seed) {
        let chunks = region.chunks
        let cells = Size(width: map.width, height: map.height)
        if json {
            JSONOutput.print(
                JSONOutput.wrote(
                    "wfc", file: output, map: map, seed: seed,
                    extra: [
                        "model": sample != nil ? "overlapping" : "tiled", "chunks": "\(chunks.width)x\(chunks.height)",
                        "origin": [chunks.minX, chunks.minY], "chunkSize": size.typed,
                    ]))
            return
        }
        print(
            "wrote \(chunks.width)x\(chunks.height) wfc chunks of \(size.width)x\(size.height) from chunk "
                + "(\(chunks.minX), \(chunks.minY)) (\(cells.width)x\(cells.height) cells) to \(output)")
    }
}
