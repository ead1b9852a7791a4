import ArgumentParser
import Foundation
import Loom

extension GenerateWFC {
    /// `--chunks`: a block of endless-world chunks, assembled into one map.
    func runChunks(_ text: String, options: WFCOptions, seed: Seed) throws {
        guard let count = Size(parsing: text), count.width > 0, count.height > 0 else {
            throw GenerateError("--chunks '\(text)' is not COLUMNSxROWS with positive integers, e.g. 4x4")
        }
        let parts = chunkOrigin.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let ox = parts[0], let oy = parts[1] else {
            throw GenerateError("--chunk-origin '\(chunkOrigin)' is not X,Y with integers, e.g. -2,3")
        }
        let layout: WFCChunkLayout = strip ? .strip : framed ? .framed : .grid
        guard !strip || (oy == 0 && count.height == 1) else {
            throw GenerateError("a strip has one row of chunks: use --chunks Nx1 and an origin X,0")
        }
        let block = Rect(x: ox, y: oy, width: count.width, height: count.height)
        if let sample {
            let rules = try OverlappingRules(
                image: try RGBAImage.load(from: sample),
                options: OverlappingOptions(N: n, symmetry: symmetry, periodicInput: periodicInput, ground: ground))
            let size = try outputSize(default: 24)
            let world = try WFCChunks(
                rules: rules, chunkWidth: size.width, chunkHeight: size.height, seed: seed, options: options,
                layout: layout, ground: strip ? rules.groundPattern : nil, anchorSpacing: anchor)
            let region = try complete(world.region(in: block))
            let values = rules.values(from: region.patterns, periodic: false)
            try rules.tileMap(values).export(to: output, options: MapExportOptions(scale: scale))
            report(region, size: size, cells: Size(width: values.width, height: values.height))
        } else if let tileset {
            let description = try TilesetDescription.load(from: tileset)
            let rules = try TiledRules(description, subset: subset)
            let size = try outputSize(default: 16)
            let world = try WFCChunks(
                rules: rules, chunkWidth: size.width, chunkHeight: size.height, seed: seed, options: options,
                layout: layout, anchorSpacing: anchor)
            let region = try complete(world.region(in: block))
            let folder = URL(fileURLWithPath: tileset).deletingLastPathComponent().path
            let images = try? rules.loadImages(folder: folder, unique: description.unique)
            if let images, output.lowercased().hasSuffix(".png") {
                try rules.render(region.patterns, images: images).export(to: output)
            } else {
                try rules.tileMap(region.patterns, images: images).export(
                    to: output, options: MapExportOptions(scale: scale))
            }
            report(region, size: size, cells: Size(width: region.patterns.width, height: region.patterns.height))
        }
    }

    /// The region, or an error naming every chunk without a solution (nothing is written).
    private func complete(_ region: WFCChunkRegion) throws -> WFCChunkRegion {
        guard region.isComplete else {
            let lines = region.failures.map { "  chunk (\($0.chunk.x), \($0.chunk.y)): \($0.reason)" }
            throw GenerateError(
                "\(region.failures.count) chunk(s) have no solution, so nothing was written:\n"
                    + lines.joined(separator: "\n"))
        }
        return region
    }

    private func report(_ region: WFCChunkRegion, size: Size, cells: Size) {
        let chunks = region.chunks
        print(
            "wrote \(chunks.width)x\(chunks.height) wfc chunks of \(size.width)x\(size.height) from chunk "
                + "(\(chunks.minX), \(chunks.minY)) (\(cells.width)x\(cells.height) cells) to \(output)")
    }
}
