import LoomCore
import LoomLearn

/// Draws maps from a ``NeuralTileModel`` in raster order, one cell at a time.
///
/// Sampling runs on plain arrays rather than the autodiff tape: the first layer is folded into
/// a table of each neighbour slot's contribution for each tile, so a cell costs one addition per
/// slot and hidden unit plus the small output layer.
///
/// A sampled map is a map, so it is the same on every machine: the sampler never calls
/// OpenBLAS (whose kernels, and so whose last bits, depend on the CPU) or the platform's `exp`.
/// Every sum runs in a fixed order in plain `Float` arithmetic and the softmax uses
/// `PortableMath.exp(_:)`, so the same weights, seed and size give the same tiles everywhere.
public struct NeuralTileSampler: Sendable {
    /// Vocabulary of the model.
    public let vocabulary: Int
    private let offsets: [(dx: Int, dy: Int)]
    private let hiddenCount: Int
    /// `[slot][token][hidden]`: the first layer's contribution of a token in a slot.
    private let table: [Float]
    private let hiddenBias: [Float]
    /// `[vocabulary][hidden]`.
    private let outputWeight: [Float]
    private let outputBias: [Float]

    /// A sampler holding a copy of `model`'s current weights.
    public init(model: NeuralTileModel) {
        let configuration = model.configuration
        let features = configuration.embedding
        let slots = configuration.contextCount
        let tokens = model.vocabulary + 1
        let hiddenCount = configuration.hidden
        let inputs = slots * features
        let embedding = model.embedding.weight.value.scalars
        let weight = model.hidden.weight.value.scalars
        var table = [Float](repeating: 0, count: slots * tokens * hiddenCount)
        for slot in 0..<slots {
            for token in 0..<tokens {
                let base = (slot * tokens + token) * hiddenCount
                for h in 0..<hiddenCount {
                    var sum: Float = 0
                    for f in 0..<features {
                        sum += weight[h * inputs + slot * features + f] * embedding[token * features + f]
                    }
                    table[base + h] = sum
                }
            }
        }
        vocabulary = model.vocabulary
        offsets = configuration.offsets
        self.hiddenCount = hiddenCount
        self.table = table
        hiddenBias = model.hidden.bias?.value.scalars ?? [Float](repeating: 0, count: hiddenCount)
        outputWeight = model.output.weight.value.scalars
        outputBias = model.output.bias?.value.scalars ?? [Float](repeating: 0, count: model.vocabulary)
    }

    /// A new map of `size`, a pure function of the weights, `seed`, `temperature` and `fixed`.
    ///
    /// - Parameters:
    ///   - size: the map's size, up to 8192 cells each way.
    ///   - seed: the seed of every draw.
    ///   - temperature: divides the logits; 1 (default) samples the learned distribution, lower
    ///     is more conservative, 0 always takes the most likely tile.
    ///   - fixed: cells whose tile is given (`nil` cells are sampled); later cells condition on
    ///     them, earlier cells do not see them (the model is causal).
    public func sample(
        size: Size, seed: Seed, temperature: Double = 1, fixed: Grid<UInt16?>? = nil
    ) throws -> Grid<UInt16> {
        guard size.width > 0, size.height > 0, size.width <= 8192, size.height <= 8192 else {
            throw LoomError(
                .invalidArgument, "map size must be 1 to 8192 on each side (got \(size.width)x\(size.height))")
        }
        guard temperature >= 0, temperature.isFinite else {
            throw LoomError(.invalidArgument, "temperature must be 0 or more (got \(temperature))")
        }
        if let fixed {
            guard fixed.width == size.width, fixed.height == size.height else {
                throw LoomError(
                    .invalidArgument,
                    "fixed cells are \(fixed.width)x\(fixed.height), map is \(size.width)x\(size.height)")
            }
            if let bad = fixed.cells.first(where: { ($0 ?? 0) >= vocabulary }) {
                throw LoomError(.invalidArgument, "fixed tile \(bad ?? 0) is outside the vocabulary of \(vocabulary)")
            }
        }
        var tiles = Grid<UInt16>(width: size.width, height: size.height, repeating: 0)
        var random = seed.makeRandom()
        var hidden = [Float](repeating: 0, count: hiddenCount)
        var probabilities = [Double](repeating: 0, count: vocabulary)
        let tokens = vocabulary + 1
        let width = size.width, height = size.height
        for y in 0..<height {
            for x in 0..<width {
                if let tile = fixed?[x, y] {
                    tiles[x, y] = tile
                    continue
                }
                for h in 0..<hiddenCount { hidden[h] = hiddenBias[h] }
                for (slot, offset) in offsets.enumerated() {
                    let nx = x + offset.dx, ny = y + offset.dy
                    let token = nx >= 0 && ny >= 0 && nx < width ? Int(tiles[nx, ny]) : vocabulary
                    let base = (slot * tokens + token) * hiddenCount
                    for h in 0..<hiddenCount { hidden[h] += table[base + h] }
                }
                var best = 0
                var largest = -Double.infinity
                for v in 0..<vocabulary {
                    var sum = outputBias[v]
                    for h in 0..<hiddenCount { sum += outputWeight[v * hiddenCount + h] * max(hidden[h], 0) }
                    probabilities[v] = Double(sum)
                    if probabilities[v] > largest {
                        largest = probabilities[v]
                        best = v
                    }
                }
                tiles[x, y] = UInt16(temperature == 0 ? best : draw(&probabilities, largest, temperature, &random))
            }
        }
        return tiles
    }

    private func draw(
        _ logits: inout [Double], _ largest: Double, _ temperature: Double, _ random: inout Xoshiro256StarStar
    ) -> Int {
        var total = 0.0
        for v in 0..<vocabulary {
            logits[v] = PortableMath.exp((logits[v] - largest) / temperature)
            total += logits[v]
        }
        var target = random.nextDouble() * total
        for v in 0..<vocabulary {
            target -= logits[v]
            if target < 0 { return v }
        }
        return vocabulary - 1
    }
}
