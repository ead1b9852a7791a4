import LoomCore
import LoomLearn

/// The tensors of one BERT encoder layer (PyTorch layout: a linear weight is `[out, in]`).
struct BertLayerWeights: Sendable {
    /// Query, key and value projections stacked into one `[3·hidden, hidden]` matrix, so one
    /// product makes all three.
    var qkvWeight: Tensor
    /// `[3·hidden]`
    var qkvBias: Tensor
    /// The attention output projection `[hidden, hidden]` and its bias.
    var outputWeight: Tensor
    var outputBias: Tensor
    /// The layer normalisation after attention.
    var attentionNormWeight: Tensor
    var attentionNormBias: Tensor
    /// The feed-forward layers `[intermediate, hidden]`, `[hidden, intermediate]` and biases.
    var upWeight: Tensor
    var upBias: Tensor
    var downWeight: Tensor
    var downBias: Tensor
    /// The layer normalisation after the feed-forward layers.
    var outputNormWeight: Tensor
    var outputNormBias: Tensor
}

/// Every tensor a BERT encoder uses, read from a Hugging Face safetensors checkpoint
/// (`embeddings.word_embeddings.weight`, `encoder.layer.N.attention.self.query.weight`, …;
/// a leading `bert.` is accepted). Other tensors (the pooler, `position_ids`) are ignored.
struct BertWeights: Sendable {
    /// `[vocabulary, hidden]`
    var wordEmbeddings: Tensor
    /// `[positions, hidden]`
    var positionEmbeddings: Tensor
    /// `[types, hidden]`
    var typeEmbeddings: Tensor
    var embeddingNormWeight: Tensor
    var embeddingNormBias: Tensor
    var layers: [BertLayerWeights]

    init(checkpoint: Checkpoint, configuration c: BertConfiguration, source: String) throws {
        let prefix = checkpoint.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let value = checkpoint.tensors[prefix + name] else {
                throw LoomError(
                    .format, "\(source) has no tensor '\(prefix + name)', which a BERT encoder needs",
                    at: SourceLocation(file: source))
            }
            guard value.shape == shape else {
                throw LoomError(
                    .format,
                    "\(source): tensor '\(prefix + name)' has shape \(value.shape); config.json implies \(shape)",
                    at: SourceLocation(file: source))
            }
            return value
        }
        let (h, i) = (c.hiddenSize, c.intermediateSize)
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabSize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, h])
        typeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.typeCount, h])
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])
        layers = try (0..<c.layerCount).map { n in
            let p = "encoder.layer.\(n)."
            let q = try tensor(p + "attention.self.query.weight", [h, h])
            let k = try tensor(p + "attention.self.key.weight", [h, h])
            let v = try tensor(p + "attention.self.value.weight", [h, h])
            let qb = try tensor(p + "attention.self.query.bias", [h])
            let kb = try tensor(p + "attention.self.key.bias", [h])
            let vb = try tensor(p + "attention.self.value.bias", [h])
            return BertLayerWeights(
                qkvWeight: Tensor.concatenate([q, k, v], alongAxis: 0),
                qkvBias: Tensor.concatenate([qb, kb, vb], alongAxis: 0),
                outputWeight: try tensor(p + "attention.output.dense.weight", [h, h]),
                outputBias: try tensor(p + "attention.output.dense.bias", [h]),
                attentionNormWeight: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                upWeight: try tensor(p + "intermediate.dense.weight", [i, h]),
                upBias: try tensor(p + "intermediate.dense.bias", [i]),
                downWeight: try tensor(p + "output.dense.weight", [h, i]),
                downBias: try tensor(p + "output.dense.bias", [h]),
                outputNormWeight: try tensor(p + "output.LayerNorm.weight", [h]),
                outputNormBias: try tensor(p + "output.LayerNorm.bias", [h]))
        }
    }
}
