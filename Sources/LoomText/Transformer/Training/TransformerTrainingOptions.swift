import LoomCore

/// Everything that decides a trained transformer: its shape, its vocabulary and the
/// optimisation. The same options, seed and corpus give the same model bytes on any thread count.
///
/// ```swift
/// var options = TransformerTrainingOptions()
/// options.dim = 32
/// options.layers = 2
/// options.context = 32
/// options.steps = 50  // a first look in seconds; the defaults train a useful model
/// let result = try TransformerTrainer(texts: [corpus], options: options).train()
/// ```
public struct TransformerTrainingOptions: Sendable, Codable, Hashable {
    /// Width of the residual stream. Default: 128; a multiple of ``heads`` with an even head size.
    public var dim: Int = 128
    /// Number of transformer blocks. Default: 4; range 1...64.
    public var layers: Int = 4
    /// Number of attention heads. Default: 4; must divide ``dim``.
    public var heads: Int = 4
    /// Width of the SwiGLU feed-forward layer; `nil` means llama's rule, ⅔·4·dim rounded up to
    /// a multiple of 32. Default: `nil`.
    public var hiddenDim: Int?
    /// Tokens per training window and the model's context length. Default: 128; range 2...4096.
    public var context: Int = 128
    /// Size of the learned BPE vocabulary; 0 means the byte-level vocabulary (259 tokens).
    /// Default: 512; otherwise 260...65536.
    public var vocabularySize: Int = 512
    /// Optimisation steps. Default: 1000.
    public var steps: Int = 1000
    /// Windows per step. Default: 16.
    public var batchSize: Int = 16
    /// Peak learning rate, reached after the warm-up. Default: 0.001.
    public var learningRate: Float = 1e-3
    /// The rate at the last step, as a fraction of the peak (cosine decay). Default: 0.1.
    public var finalLearningRateFraction: Float = 0.1
    /// Steps of linear warm-up; `nil` means a tenth of the steps, at most 100. Default: `nil`.
    public var warmupSteps: Int?
    /// AdamW's decoupled weight decay, applied to matrices only. Default: 0.1.
    public var weightDecay: Float = 0.1
    /// Dropout rate on the embedding and on each residual branch, during training only; it
    /// regularises a model that would otherwise memorise a small corpus. Default: 0; range 0..<1.
    public var dropout: Float = 0
    /// Gradients are scaled down to this global L2 norm when larger; 0 disables clipping. Default: 1.
    public var gradientClip: Float = 1
    /// The fraction of the token stream (its tail) held out for the validation loss.
    /// Default: 0.1; range 0..<0.5 (0: no validation).
    public var validationFraction: Double = 0.1
    /// Steps between progress reports (each with a validation loss). Default: 50.
    public var reportInterval: Int = 50
    /// Whether the output classifier reuses the token embedding. Default: `true` (fewer weights).
    public var sharedClassifier: Bool = true
    /// Base of the rotary frequencies. Default: 10000.
    public var ropeTheta: Float = 10000
    /// RMS norm epsilon. Default: 1e-5.
    public var normEpsilon: Float = 1e-5
    /// Seed of the initial weights and of the order of batches. Default: 0.
    public var seed: UInt64 = 0

    /// The defaults above.
    public init() {}

    /// The warm-up actually used.
    public var effectiveWarmupSteps: Int { warmupSteps ?? min(100, steps / 10) }

    /// The model shape these options train, for a vocabulary of `vocabularySize` tokens.
    public func config(vocabularySize: Int) -> TransformerConfig {
        TransformerConfig(
            dim: dim, hiddenDim: hiddenDim ?? TransformerConfig.llamaHiddenDim(dim: dim), layerCount: layers,
            headCount: heads, kvHeadCount: heads, vocabularySize: vocabularySize, sequenceLength: context,
            sharedClassifier: sharedClassifier, normEpsilon: normEpsilon, ropeTheta: ropeTheta)
    }

    /// Throws `.invalidArgument` naming the first option out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ message: @autoclosure () -> String) throws {
            if !ok { throw LoomError(.invalidArgument, "transformer training: \(message())") }
        }
        try check(dim >= 2 && dim <= 4096, "dim must be in 2...4096 (got \(dim))")
        try check(heads >= 1 && dim % heads == 0, "heads (\(heads)) must divide dim (\(dim))")
        try check((dim / heads) % 2 == 0, "the head size dim/heads must be even for rotary pairs (got \(dim / heads))")
        try check((1...64).contains(layers), "layers must be in 1...64 (got \(layers))")
        if let hiddenDim {
            try check(hiddenDim >= 1 && hiddenDim <= 65536, "hidden must be in 1...65536 (got \(hiddenDim))")
        }
        try check((2...4096).contains(context), "context must be in 2...4096 (got \(context))")
        try check(
            vocabularySize == 0 || (260...65536).contains(vocabularySize),
            "vocab must be 0 (bytes) or in 260...65536 (got \(vocabularySize))")
        try check(steps >= 1, "steps must be at least 1 (got \(steps))")
        try check((1...4096).contains(batchSize), "batch must be in 1...4096 (got \(batchSize))")
        try check(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1) (got \(learningRate))")
        try check(
            finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1,
            "final learning rate fraction must be in 0...1 (got \(finalLearningRateFraction))")
        try check(effectiveWarmupSteps >= 0, "warm-up steps must be 0 or more (got \(effectiveWarmupSteps))")
        try check(weightDecay >= 0 && weightDecay < 1, "weight decay must be in 0..<1 (got \(weightDecay))")
        try check(dropout >= 0 && dropout < 1, "dropout must be in 0..<1 (got \(dropout))")
        try check(gradientClip >= 0, "gradient clip must be 0 or more (got \(gradientClip))")
        try check(
            validationFraction >= 0 && validationFraction < 0.5,
            "validation fraction must be in 0..<0.5 (got \(validationFraction))")
        try check(reportInterval >= 1, "report interval must be at least 1 (got \(reportInterval))")
        try check(ropeTheta > 1, "rope theta must be above 1 (got \(ropeTheta))")
        try check(normEpsilon > 0, "norm epsilon must be positive (got \(normEpsilon))")
    }
}
