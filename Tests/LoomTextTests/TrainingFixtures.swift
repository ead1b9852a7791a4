import Foundation
import LoomCore

@testable import LoomText

/// A small, repetitive prose corpus and tiny training shapes, so training tests run quickly in
/// a debug build.
enum TrainingFixtures {
    /// About 6 KB of prose in paragraphs, made from a few sentence patterns.
    static let corpus: String = {
        let subjects = ["The tide", "The harbour", "The old door", "A gull", "The fisherman", "The lamp"]
        let verbs = ["comes in", "falls quiet", "creaks open", "cries out", "walks home", "burns low"]
        let endings = ["at dusk.", "before dawn.", "in the rain.", "over the sea.", "by the wall."]
        var paragraphs: [String] = []
        for p in 0..<24 {
            var sentences: [String] = []
            for s in 0..<5 {
                let i = (p * 5 + s) % subjects.count
                sentences.append("\(subjects[i]) \(verbs[(i + p) % verbs.count]) \(endings[(s + p) % endings.count])")
            }
            paragraphs.append(sentences.joined(separator: " "))
        }
        return paragraphs.joined(separator: "\n\n")
    }()

    /// Two blocks of width 32, context 16, vocabulary 300: a few hundred thousand FLOPs a token.
    static func options(steps: Int = 40) -> TransformerTrainingOptions {
        var options = TransformerTrainingOptions()
        options.dim = 32
        options.layers = 2
        options.heads = 2
        options.hiddenDim = 64
        options.context = 16
        options.vocabularySize = 300
        options.steps = steps
        options.batchSize = 8
        options.learningRate = 3e-3
        options.reportInterval = 10
        options.seed = 7
        return options
    }
}
