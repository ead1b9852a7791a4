import Foundation
import LoomCore
import LoomImage
import LoomLearn

extension NeuralTileModel {
    /// The metadata kind that marks a tile-model file.
    public static let checkpointKind = "loom.neural-tiles"

    /// The model's weights with its palette, window and hyper-parameters in the safetensors
    /// `__metadata__` (`loom.kind`, `loom.palette` as `#RRGGBBAA` list, `loom.parameters` as JSON).
    public func checkpoint() -> Checkpoint {
        let json = (try? JSONEncoder.sorted.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Checkpoint(
            module: self,
            metadata: [
                "loom.kind": Self.checkpointKind,
                "loom.palette": palette.map(\.hex).joined(separator: ","),
                "loom.parameters": json,
                "loom.window": String(configuration.window),
                "loom.vocabulary": String(vocabulary),
            ])
    }

    /// A model restored from a ``checkpoint()`` (or a training checkpoint).
    public init(checkpoint: Checkpoint, source: String = "<checkpoint>") throws {
        guard checkpoint.metadata["loom.kind"] == Self.checkpointKind else {
            throw LoomError(
                .format, "\(source) is not a Loom tile model (metadata loom.kind is not '\(Self.checkpointKind)')")
        }
        guard let json = checkpoint.metadata["loom.parameters"],
            let configuration = try? JSONDecoder().decode(NeuralTileParameters.self, from: Data(json.utf8))
        else {
            throw LoomError(.format, "\(source) has no readable 'loom.parameters' metadata")
        }
        var palette: [RGBA] = []
        for text in (checkpoint.metadata["loom.palette"] ?? "").split(separator: ",") {
            guard let colour = RGBA(hex: String(text)) else {
                throw LoomError(.format, "\(source): palette entry '\(text)' is not a #RRGGBB(AA) colour")
            }
            palette.append(colour)
        }
        try self.init(parameters: configuration, palette: palette)
        try checkpoint.restore(into: self, source: source)
        // A NaN or infinite weight would sample nonsense (or trap converting a logit): refuse it,
        // naming the tensor.
        for (name, tensor) in namedValues.sorted(by: { $0.key < $1.key })
        where !tensor.scalars.allSatisfy(\.isFinite) {
            throw LoomError(.format, "\(source): tensor '\(name)' holds NaN or infinite values")
        }
    }

    /// Writes the model atomically to `path` (safetensors).
    public func save(to path: String) throws { try checkpoint().save(to: path) }

    /// Reads a model from a safetensors file written by ``save(to:)``.
    public static func load(from path: String) throws -> NeuralTileModel {
        try NeuralTileModel(checkpoint: Checkpoint.load(from: path), source: path)
    }
}

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension NeuralTileExamples {
    /// Examples larger than this many cells in all are not stored in model files.
    public static let maximumStoredCells = 1 << 20

    /// Adds the example maps to `checkpoint` as tensors `examples.<i>` (`[height, width]`
    /// tile ids), so a model file can report how its samples compare with what it learned from.
    /// Nothing is added when the examples exceed ``maximumStoredCells``.
    public func store(in checkpoint: inout Checkpoint) {
        guard cellCount <= Self.maximumStoredCells else { return }
        for (index, map) in maps.enumerated() {
            checkpoint.tensors["examples.\(index)"] = Tensor(
                shape: [map.height, map.width], scalars: map.cells.map { Float($0) })
        }
    }

    /// The examples stored in a model file by ``store(in:)``, or `nil` when there are none.
    public init?(storedIn checkpoint: Checkpoint, palette: [RGBA]) {
        var maps: [Grid<UInt16>] = []
        while let tensor = checkpoint.tensors["examples.\(maps.count)"], tensor.rank == 2 {
            guard tensor.scalars.allSatisfy({ $0.isFinite && $0 >= 0 && $0 < 65_536 }) else { return nil }
            let cells = tensor.scalars.map { UInt16($0) }
            guard let grid = Grid(width: tensor.shape[1], height: tensor.shape[0], cells: cells) else { return nil }
            maps.append(grid)
        }
        guard !maps.isEmpty, let examples = try? NeuralTileExamples(maps: maps, palette: palette) else { return nil }
        self = examples
    }
}
