extension TransformerTrainingOptions {
    enum CodingKeys: String, CodingKey {
        case dim, layers, heads, hiddenDim, context, vocabularySize, steps, batchSize, learningRate
        case finalLearningRateFraction, warmupSteps, weightDecay, dropout, gradientClip, validationFraction
        case reportInterval, sharedClassifier, ropeTheta, normEpsilon, seed
    }

    /// Decodes options; every key is optional and a missing one keeps its documented default,
    /// so a settings file need only name what it changes.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.dim, into: &dim)
        try read(.layers, into: &layers)
        try read(.heads, into: &heads)
        hiddenDim = try c.decodeIfPresent(Int.self, forKey: .hiddenDim)
        try read(.context, into: &context)
        try read(.vocabularySize, into: &vocabularySize)
        try read(.steps, into: &steps)
        try read(.batchSize, into: &batchSize)
        try read(.learningRate, into: &learningRate)
        try read(.finalLearningRateFraction, into: &finalLearningRateFraction)
        warmupSteps = try c.decodeIfPresent(Int.self, forKey: .warmupSteps)
        try read(.weightDecay, into: &weightDecay)
        try read(.dropout, into: &dropout)
        try read(.gradientClip, into: &gradientClip)
        try read(.validationFraction, into: &validationFraction)
        try read(.reportInterval, into: &reportInterval)
        try read(.sharedClassifier, into: &sharedClassifier)
        try read(.ropeTheta, into: &ropeTheta)
        try read(.normEpsilon, into: &normEpsilon)
        try read(.seed, into: &seed)
    }
}
