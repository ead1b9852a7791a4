import Foundation
import LoomCore

@testable import LoomText

/// The tiny random-weight models `Scripts/reference_forward.py fixtures` wrote, and the
/// logits its independent numpy forward pass computed for them.
enum TransformerFixtures {
    static let models = ["tiny-gqa", "tiny-shared"]

    static func path(_ name: String) -> String { Fixtures.path("Transformer/\(name)") }

    static func model(_ name: String) throws -> Transformer { try Transformer.load(from: path("\(name).bin")) }

    static func tokenizer() throws -> LlamaTokenizer {
        try LlamaTokenizer.loadLlama2c(from: path("tiny-tokenizer.bin"), vocabularySize: 300)
    }

    struct Reference: Decodable {
        var tokens: [Int]
        var logits: [[Float]]
    }

    static func reference(json data: Data) throws -> Reference { try JSONDecoder().decode(Reference.self, from: data) }

    static func reference(_ name: String) throws -> Reference {
        try reference(json: Data(contentsOf: URL(fileURLWithPath: path("\(name).logits.json"))))
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether `python3` with numpy can run here (for the live reference test).
    static let numpyAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch { return false }
    }()

    /// Largest absolute difference between Loom's logits and `reference` over every position.
    /// The reference keeps keys and values in float64, so the cache is float32 here: half
    /// precision alone moves these logits by about 1e-3.
    static func largestDifference(_ model: Transformer, _ reference: Reference, threads: Int = 1) throws -> Float {
        var state = TransformerState(model, threads: threads, kvCache: .f32)
        var worst: Float = 0
        for (position, token) in reference.tokens.enumerated() {
            let logits = try state.forward(token: token, position: position)
            for (a, b) in zip(logits, reference.logits[position]) { worst = max(worst, abs(a - b)) }
        }
        return worst
    }
}
