import Foundation
import LoomCore

/// How rotary position embedding pairs the values of a head.
enum RotaryStyle: Sendable {
    /// Pairs `(2i, 2i+1)`: llama2.c, and llama GGUF files (whose q/k rows are permuted for it).
    case adjacent
    /// Pairs `(i, i + n/2)`: GPT-NeoX style, used by Qwen2 and Qwen3.
    case halves
}

/// Whose arithmetic the forward pass's element-wise steps (rotation angles, SiLU) follow, so a
/// model gives its reference implementation's outputs: llama2.c's for llama2.c checkpoints,
/// llama.cpp's (ggml's CPU backend) for GGUF files.
enum ReferenceArithmetic: Sendable {
    /// llama2.c's run.c: pair `i` turns by `position · frequencies[i]`; SiLU with libm's exp.
    case llama2c
    /// ggml: angles by repeated multiplication (``GGMLRotation``), rotation by fused
    /// multiply-adds in ggml's order, SiLU with ggml's vector exp (`loom_swiglu`).
    case ggml(GGMLRotation)
}

/// ggml's rotation angles (ggml_rope_cache_init): θ starts at the position and is multiplied by
/// `thetaScale` after each pair; pair `i` turns by `scale · (θ_i / factors[i])`.
struct GGMLRotation: Sendable {
    /// `base^(−2 / headSize)`, by `powf`.
    var thetaScale: Float
    /// Llama 3's per-pair `rope_freqs` divisors, or `nil`.
    var factors: [Float]?
    /// Linear rope scaling (1 / factor); 1 without.
    var scale: Float
}

/// The tensors of one transformer block as the forward pass reads them.
struct TransformerLayer: @unchecked Sendable {
    var attentionNorm: UnsafePointer<Float>  // (dim)
    var wq, wk, wv, wo: WeightMatrix  // (heads·head, dim), (kvDim, dim) ×2, (dim, heads·head)
    var qBias, kBias, vBias: UnsafePointer<Float>?  // Qwen2: (heads·head), (kvDim), (kvDim)
    var qNorm, kNorm: UnsafePointer<Float>?  // Qwen3: (head), RMS norm of each head
    var feedForwardNorm: UnsafePointer<Float>  // (dim)
    var gate, up, down: WeightMatrix  // (hidden, dim), (hidden, dim), (dim, hidden)
}

/// Every tensor of a model as the forward pass reads it: matrices in place in their storage
/// (quantised or not), and the small vectors (norms, biases) as float32.
struct TransformerTensors: @unchecked Sendable {
    /// Token embedding table, one row per token (any type; rows are decoded on lookup).
    var embedding: WeightMatrix
    var layers: [TransformerLayer]
    var finalNorm: UnsafePointer<Float>
    /// Output classifier (vocab, dim); the embedding table when shared.
    var classifier: WeightMatrix
    /// Width of one attention head (`dim / heads` except for Qwen3-style models).
    var headSize: Int
    var rotary: RotaryStyle
    /// Rotation frequency of each of the `headSize / 2` pairs, scaling applied.
    var frequencies: [Float]
    /// Whose arithmetic rotation and SiLU follow.
    var arithmetic: ReferenceArithmetic
    /// Keeps the mapped or owned bytes that matrices point into alive.
    let storage: WeightStorage
    /// Owns the float vectors (norms, biases) converted at load.
    let vectors: FloatVectors

    /// Tensors over llama2.c's float32 layout in `weights` (adjacent rotary pairs).
    init(config c: TransformerConfig, weights w: TransformerWeights) {
        let (d, h, kv) = (c.dim, c.hiddenDim, c.kvDim)
        func matrix(_ offset: Int, layer: Int = 0, rows: Int, columns: Int) -> WeightMatrix {
            WeightMatrix(
                type: .f32, base: UnsafeRawPointer(w.pointer(offset, layer: layer, stride: rows * columns)), rows: rows,
                columns: columns)
        }
        embedding = matrix(w.tokenEmbedding, rows: c.vocabularySize, columns: d)
        classifier = matrix(w.classifier, rows: c.vocabularySize, columns: d)
        finalNorm = w.pointer(w.finalNorm)
        layers = (0..<c.layerCount).map { l in
            TransformerLayer(
                attentionNorm: w.pointer(w.attentionNorm, layer: l, stride: d),
                wq: matrix(w.wq, layer: l, rows: d, columns: d), wk: matrix(w.wk, layer: l, rows: kv, columns: d),
                wv: matrix(w.wv, layer: l, rows: kv, columns: d), wo: matrix(w.wo, layer: l, rows: d, columns: d),
                feedForwardNorm: w.pointer(w.feedForwardNorm, layer: l, stride: d),
                gate: matrix(w.w1, layer: l, rows: h, columns: d), up: matrix(w.w3, layer: l, rows: h, columns: d),
                down: matrix(w.w2, layer: l, rows: d, columns: h))
        }
        headSize = c.headSize
        rotary = .adjacent
        frequencies = Self.frequencies(headSize: c.headSize, theta: c.ropeTheta)
        arithmetic = .llama2c
        storage = w.storage
        vectors = FloatVectors([])
    }

    init(
        embedding: WeightMatrix, layers: [TransformerLayer], finalNorm: UnsafePointer<Float>, classifier: WeightMatrix,
        headSize: Int, rotary: RotaryStyle, frequencies: [Float], arithmetic: ReferenceArithmetic = .llama2c,
        storage: WeightStorage, vectors: FloatVectors
    ) {
        self.embedding = embedding
        self.layers = layers
        self.finalNorm = finalNorm
        self.classifier = classifier
        self.headSize = headSize
        self.rotary = rotary
        self.frequencies = frequencies
        self.arithmetic = arithmetic
        self.storage = storage
        self.vectors = vectors
    }

    /// `θ^(-2i/headSize)` for each pair `i`, divided by `factors[i]` when given (Llama 3's
    /// `rope_freqs`) and scaled by `scale` (linear rope scaling).
    static func frequencies(headSize: Int, theta: Float, factors: [Float]? = nil, scale: Float = 1) -> [Float] {
        (0..<(headSize / 2)).map { i in
            let base = 1 / pow(theta, Float(2 * i) / Float(headSize))
            return base * scale / (factors?[i] ?? 1)
        }
    }
}

/// Float vectors converted at load (norms, biases), in one owned allocation.
final class FloatVectors: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Float>
    private let offsets: [Int]

    /// Copies `vectors` into one buffer.
    init(_ vectors: [[Float]]) {
        var offsets: [Int] = []
        var total = 0
        for vector in vectors {
            offsets.append(total)
            total += vector.count
        }
        base = .allocate(capacity: max(total, 1))
        for (vector, offset) in zip(vectors, offsets) {
            for (i, value) in vector.enumerated() { (base + offset + i).initialize(to: value) }
        }
        self.offsets = offsets
    }

    deinit { base.deallocate() }

    /// The `index`th vector given at init.
    subscript(index: Int) -> UnsafePointer<Float> { UnsafePointer(base + offsets[index]) }
}
