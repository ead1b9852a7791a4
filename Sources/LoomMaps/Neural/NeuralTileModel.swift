import LoomCore
import LoomImage
import LoomLearn

/// An autoregressive model of tile maps: the probability of each cell's tile given the tiles
/// in a causal window above and to its left, learned from example maps.
///
/// Each neighbour's tile (or the *outside* token past the map's edge) is embedded, the
/// embeddings are concatenated, and a one-hidden-layer ReLU network gives logits over the tile
/// kinds. Maps are sampled in raster order, so any size can be generated. See
/// <doc:NeuralTiles> for the design and its trade-offs.
public struct NeuralTileModel: Module {
    /// The architecture and training settings the model was built with.
    public let configuration: NeuralTileParameters
    /// The colour of each tile kind; its count is the vocabulary.
    public let palette: [RGBA]
    /// Embeds each neighbour tile; the last row is the outside token.
    public let embedding: Embedding
    /// Concatenated embeddings to hidden units.
    public let hidden: Linear
    /// Hidden units to one logit per tile kind.
    public let output: Linear

    /// A freshly initialised model over `palette.count` tile kinds, seeded from
    /// `parameters.seed`.
    public init(parameters: NeuralTileParameters, palette: [RGBA]) throws {
        try parameters.validate()
        guard (1...NeuralTileExamples.maximumVocabulary).contains(palette.count) else {
            throw LoomError(.invalidArgument, "a tile model needs 1 to 256 tile kinds (got \(palette.count))")
        }
        let seed = Seed(parameters.seed)
        configuration = parameters
        self.palette = palette
        let inputs = parameters.contextCount * parameters.embedding
        embedding = Embedding(
            name: "tiles.embedding", count: palette.count + 1, features: parameters.embedding,
            initializer: .normal(standardDeviation: 0.5), seed: seed)
        hidden = Linear(name: "tiles.hidden", inputSize: inputs, outputSize: parameters.hidden, seed: seed)
        output = Linear(name: "tiles.output", inputSize: parameters.hidden, outputSize: palette.count, seed: seed)
    }

    /// Number of tile kinds.
    public var vocabulary: Int { palette.count }

    /// The id standing for cells outside the map.
    public var outsideToken: Int { palette.count }

    /// Every trained weight.
    public var parameters: [Parameter] { embedding.parameters + hidden.parameters + output.parameters }

    /// Logits `[contexts.count / contextCount, vocabulary]` for a batch of flattened contexts.
    public func logits(contexts: [Int], on tape: Tape) -> Variable {
        let count = configuration.contextCount
        let batch = contexts.count / count
        let embedded = embedding(contexts, shape: [batch, count], on: tape)
        let flat = embedded.reshaped([batch, count * configuration.embedding])
        return output(hidden(flat).relu())
    }

    /// The causal context of cell (x, y) of `tiles`, appended to `into`.
    func appendContext(of tiles: Grid<UInt16>, x: Int, y: Int, into contexts: inout [Int]) {
        for (dx, dy) in configuration.offsets {
            let nx = x + dx, ny = y + dy
            if nx >= 0, ny >= 0, nx < tiles.width, ny < tiles.height {
                contexts.append(Int(tiles[nx, ny]))
            } else {
                contexts.append(outsideToken)
            }
        }
    }
}
