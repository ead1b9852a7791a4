import LoomCore

/// The shape of a llama-style transformer: the `Config` of llama2.c.
///
/// ```swift
/// let config = TransformerConfig.llama2cStories15M  // dim 288, 6 layers, 6 heads
/// ```
public struct TransformerConfig: Sendable, Codable, Hashable {
    /// Width of the residual stream. At least 2 and a multiple of `headCount`.
    public var dim: Int
    /// Width of the SwiGLU feed-forward layer.
    public var hiddenDim: Int
    /// Number of transformer blocks.
    public var layerCount: Int
    /// Number of query heads; `dim / headCount` must be even (rotary pairs).
    public var headCount: Int
    /// Number of key/value heads (grouped-query attention); divides `headCount`.
    /// Equal to `headCount` for plain multi-head attention.
    public var kvHeadCount: Int
    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int
    /// The longest context the model was built for; positions at or past it are rejected.
    public var sequenceLength: Int
    /// Whether the output classifier reuses the token embedding table. Default: `true`.
    public var sharedClassifier: Bool
    /// Epsilon added inside the RMS norm. Default: 1e-5 (llama2.c).
    public var normEpsilon: Float
    /// Base of the rotary position frequencies. Default: 10000.
    public var ropeTheta: Float

    /// A configuration with the given shape; see each property for its meaning.
    public init(
        dim: Int, hiddenDim: Int, layerCount: Int, headCount: Int, kvHeadCount: Int, vocabularySize: Int,
        sequenceLength: Int, sharedClassifier: Bool = true, normEpsilon: Float = 1e-5, ropeTheta: Float = 10000
    ) {
        self.dim = dim
        self.hiddenDim = hiddenDim
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.vocabularySize = vocabularySize
        self.sequenceLength = sequenceLength
        self.sharedClassifier = sharedClassifier
        self.normEpsilon = normEpsilon
        self.ropeTheta = ropeTheta
    }

    /// Width of one attention head.
    public var headSize: Int { dim / headCount }
    /// Width of the key and value vectors of one position (all key/value heads).
    public var kvDim: Int { headSize * kvHeadCount }

    /// The feed-forward width llama2.c's training script derives from `dim`: two thirds of
    /// `4·dim`, rounded up to a multiple of `multipleOf`.
    public static func llamaHiddenDim(dim: Int, multipleOf: Int = 32) -> Int {
        let hidden = 2 * (4 * dim) / 3
        return multipleOf * ((hidden + multipleOf - 1) / multipleOf)
    }

    /// The shape of llama2.c's `stories15M` model (dim 288, 6 layers, 6 heads, vocabulary 32000).
    public static let llama2cStories15M = TransformerConfig(
        dim: 288, hiddenDim: llamaHiddenDim(dim: 288), layerCount: 6, headCount: 6, kvHeadCount: 6,
        vocabularySize: 32000, sequenceLength: 256)
    /// The shape of llama2.c's `stories42M` model (dim 512, 8 layers, 8 heads).
    public static let llama2cStories42M = TransformerConfig(
        dim: 512, hiddenDim: llamaHiddenDim(dim: 512), layerCount: 8, headCount: 8, kvHeadCount: 8,
        vocabularySize: 32000, sequenceLength: 1024)
    /// The shape of llama2.c's `stories110M` model (dim 768, 12 layers, 12 heads).
    public static let llama2cStories110M = TransformerConfig(
        dim: 768, hiddenDim: llamaHiddenDim(dim: 768), layerCount: 12, headCount: 12, kvHeadCount: 12,
        vocabularySize: 32000, sequenceLength: 1024)

    /// Throws a `.format` error naming the field when the shape cannot be run.
    public func validate() throws {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw LoomError(.format, "transformer config: \(message())") }
        }
        try check(dim >= 2 && dim <= 1 << 16, "dim must be in 2...65536 (got \(dim))")
        try check(hiddenDim >= 1 && hiddenDim <= 1 << 18, "hidden_dim must be in 1...262144 (got \(hiddenDim))")
        try check(layerCount >= 1 && layerCount <= 1024, "n_layers must be in 1...1024 (got \(layerCount))")
        try check(headCount >= 1 && dim % headCount == 0, "n_heads (\(headCount)) must divide dim (\(dim))")
        try check(headSize % 2 == 0, "head size dim/n_heads must be even (got \(headSize))")
        try check(
            kvHeadCount >= 1 && kvHeadCount <= headCount && headCount % kvHeadCount == 0,
            "n_kv_heads (\(kvHeadCount)) must divide n_heads (\(headCount))")
        try check(
            vocabularySize >= 1 && vocabularySize <= 1 << 22,
            "vocab_size must be in 1...4194304 (got \(vocabularySize))")
        try check(
            sequenceLength >= 1 && sequenceLength <= 1 << 20, "seq_len must be in 1...1048576 (got \(sequenceLength))")
    }

    /// Number of weights (floats) the model holds, counting a shared classifier once.
    public var parameterCount: Int {
        let perLayer = 2 * dim + dim * dim * 2 + 2 * dim * kvDim + 3 * dim * hiddenDim
        return vocabularySize * dim * (sharedClassifier ? 1 : 2) + layerCount * perLayer + dim
    }
}
