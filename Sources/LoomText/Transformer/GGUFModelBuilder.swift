import Foundation
import LoomCore

/// Reads a GGUF file's hyperparameters and tensors into a ``Transformer`` without copying
/// its matrices.
struct GGUFModelBuilder {
    let file: GGUFFile
    let architecture: String
    private var vectors: [[Float]] = []

    init(file: GGUFFile, architecture: String) {
        self.file = file
        self.architecture = architecture
    }

    private var name: String { file.name }

    private func integer(_ key: String, default fallback: Int? = nil) throws -> Int {
        let field = "\(architecture).\(key)"
        if let value = file.metadata[field] {
            guard let number = value.int else {
                throw LoomError(.format, "\(name): \(field): should be an integer (got \(value))")
            }
            return number
        }
        if let fallback { return fallback }
        throw LoomError(.format, "\(name): \(field): missing")
    }

    private func number(_ key: String, default fallback: Double) throws -> Double {
        let field = "\(architecture).\(key)"
        guard let value = file.metadata[field] else { return fallback }
        guard let number = value.double, number.isFinite else {
            throw LoomError(.format, "\(name): \(field): should be a number (got \(value))")
        }
        return number
    }

    private func info(_ tensorName: String, dimensions expected: [Int]) throws -> GGUFTensorInfo {
        guard let info = file.tensor(tensorName) else {
            throw LoomError(.format, "\(name): \(tensorName): missing tensor")
        }
        guard info.dimensions == expected else {
            throw LoomError(
                .format, "\(name): \(tensorName): has dimensions \(info.dimensions), expected \(expected)")
        }
        return info
    }

    private func matrix(_ tensorName: String, rows: Int, columns: Int) throws -> WeightMatrix {
        let info = try info(tensorName, dimensions: [columns, rows])
        return WeightMatrix(type: info.type, base: file.storage.base + info.fileOffset, rows: rows, columns: columns)
    }

    /// Converts a vector tensor to floats; returns its index in ``vectors``.
    private mutating func vector(_ tensorName: String, count: Int) throws -> Int {
        let info = try info(tensorName, dimensions: [count])
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { file.dequantise(info, into: $0.baseAddress!) }
        vectors.append(values)
        return vectors.count - 1
    }

    private mutating func optionalVector(_ tensorName: String, count: Int) throws -> Int? {
        file.tensor(tensorName) == nil ? nil : try vector(tensorName, count: count)
    }

    mutating func build() throws -> Transformer {
        guard let embedding = file.tensor("token_embd.weight"), embedding.dimensions.count == 2 else {
            throw LoomError(.format, "\(name): token_embd.weight: missing, or not 2-D")
        }
        let heads = try integer("attention.head_count")
        let dim = try integer("embedding_length")
        let config = TransformerConfig(
            dim: dim, hiddenDim: try integer("feed_forward_length"), layerCount: try integer("block_count"),
            headCount: heads, kvHeadCount: try integer("attention.head_count_kv", default: heads),
            vocabularySize: embedding.dimensions[1], sequenceLength: try integer("context_length"),
            sharedClassifier: file.tensor("output.weight") == nil,
            normEpsilon: Float(try number("attention.layer_norm_rms_epsilon", default: 1e-5)),
            ropeTheta: Float(try number("rope.freq_base", default: 10000)))
        do { try config.validate() } catch let error as LoomError {
            throw LoomError(.format, "\(name): \(error.message)")
        }
        let headSize = try integer("attention.key_length", default: config.headSize)
        let valueSize = try integer("attention.value_length", default: headSize)
        guard headSize == valueSize, headSize % 2 == 0, headSize >= 2, headSize <= 1024 else {
            throw LoomError(
                .format,
                "\(name): \(architecture).attention.key_length: \(headSize) (value_length \(valueSize)); "
                    + "Loom needs equal, even head sizes up to 1024")
        }
        if architecture != "qwen3", headSize != config.headSize {
            throw LoomError(
                .format,
                "\(name): \(architecture).attention.key_length: \(headSize) differs from embedding_length / head_count")
        }
        let rotaryCount = try integer("rope.dimension_count", default: headSize)
        guard rotaryCount == headSize else {
            throw LoomError(
                .format,
                "\(name): \(architecture).rope.dimension_count: \(rotaryCount); Loom needs it equal to the head size "
                    + "\(headSize)")
        }
        if let vocabulary = file.metadata["\(architecture).vocab_size"]?.int, vocabulary != config.vocabularySize {
            throw LoomError(
                .format,
                "\(name): \(architecture).vocab_size: \(vocabulary), but token_embd.weight has \(config.vocabularySize) rows"
            )
        }
        let (frequencies, rotation) = try rotaryFrequencies(headSize: headSize, theta: config.ropeTheta)
        let (d, h) = (config.dim, config.hiddenDim)
        let (qDim, kvDim) = (headSize * heads, headSize * config.kvHeadCount)
        let embeddingMatrix = try matrix("token_embd.weight", rows: config.vocabularySize, columns: d)
        let classifier =
            config.sharedClassifier
            ? embeddingMatrix : try matrix("output.weight", rows: config.vocabularySize, columns: d)
        struct Pending {
            var attentionNorm, feedForwardNorm: Int
            var qBias, kBias, vBias, qNorm, kNorm: Int?
            var wq, wk, wv, wo, gate, up, down: WeightMatrix
        }
        var pending: [Pending] = []
        for l in 0..<config.layerCount {
            let p = "blk.\(l)."
            let biased = architecture == "qwen2"
            let normed = architecture == "qwen3"
            pending.append(
                Pending(
                    attentionNorm: try vector(p + "attn_norm.weight", count: d),
                    feedForwardNorm: try vector(p + "ffn_norm.weight", count: d),
                    qBias: biased ? try vector(p + "attn_q.bias", count: qDim) : nil,
                    kBias: biased ? try vector(p + "attn_k.bias", count: kvDim) : nil,
                    vBias: biased ? try vector(p + "attn_v.bias", count: kvDim) : nil,
                    qNorm: normed ? try vector(p + "attn_q_norm.weight", count: headSize) : nil,
                    kNorm: normed ? try vector(p + "attn_k_norm.weight", count: headSize) : nil,
                    wq: try matrix(p + "attn_q.weight", rows: qDim, columns: d),
                    wk: try matrix(p + "attn_k.weight", rows: kvDim, columns: d),
                    wv: try matrix(p + "attn_v.weight", rows: kvDim, columns: d),
                    wo: try matrix(p + "attn_output.weight", rows: d, columns: qDim),
                    gate: try matrix(p + "ffn_gate.weight", rows: h, columns: d),
                    up: try matrix(p + "ffn_up.weight", rows: h, columns: d),
                    down: try matrix(p + "ffn_down.weight", rows: d, columns: h)))
        }
        let finalNorm = try vector("output_norm.weight", count: d)
        let store = FloatVectors(vectors)
        let layers = pending.map { p in
            TransformerLayer(
                attentionNorm: store[p.attentionNorm], wq: p.wq, wk: p.wk, wv: p.wv, wo: p.wo,
                qBias: p.qBias.map { store[$0] }, kBias: p.kBias.map { store[$0] }, vBias: p.vBias.map { store[$0] },
                qNorm: p.qNorm.map { store[$0] }, kNorm: p.kNorm.map { store[$0] },
                feedForwardNorm: store[p.feedForwardNorm], gate: p.gate, up: p.up, down: p.down)
        }
        let tensors = TransformerTensors(
            embedding: embeddingMatrix, layers: layers, finalNorm: store[finalNorm], classifier: classifier,
            headSize: headSize, rotary: architecture == "llama" ? .adjacent : .halves, frequencies: frequencies,
            arithmetic: .ggml(rotation), storage: file.storage, vectors: store)
        return Transformer(config: config, tensors: tensors, source: file.name)
    }

    /// The rotary frequencies with the file's rope scaling (Llama 3's per-pair `rope_freqs`
    /// factors, or `linear` scaling; other scaling types are refused by name), and the same as
    /// ggml computes its angles.
    private func rotaryFrequencies(headSize: Int, theta: Float) throws -> ([Float], GGMLRotation) {
        var scale: Float = 1
        let typeField = "\(architecture).rope.scaling.type"
        if let type = file.metadata[typeField]?.string, type != "none" {
            guard type == "linear" else {
                throw LoomError(
                    .format, "\(name): \(typeField): '\(type)' is not supported (Loom knows none and linear)")
            }
            let factor = try number("rope.scaling.factor", default: 1)
            guard factor > 0 else {
                throw LoomError(
                    .format, "\(name): \(architecture).rope.scaling.factor: must be positive (got \(factor))")
            }
            scale = Float(1 / factor)
        }
        var factors: [Float]?
        if let info = file.tensor("rope_freqs.weight") {
            guard info.dimensions == [headSize / 2] else {
                throw LoomError(
                    .format, "\(name): rope_freqs.weight: has dimensions \(info.dimensions), expected [\(headSize / 2)]"
                )
            }
            var values = [Float](repeating: 0, count: headSize / 2)
            values.withUnsafeMutableBufferPointer { file.dequantise(info, into: $0.baseAddress!) }
            guard values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw LoomError(.format, "\(name): rope_freqs.weight: holds a factor that is not a positive number")
            }
            factors = values
        }
        let frequencies = TransformerTensors.frequencies(
            headSize: headSize, theta: theta, factors: factors, scale: scale)
        let rotation = GGMLRotation(thetaScale: pow(theta, -2 / Float(headSize)), factors: factors, scale: scale)
        return (frequencies, rotation)
    }
}
