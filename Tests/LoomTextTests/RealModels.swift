import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The downloaded models the parity tests use, found on the model search path; `nil` when
/// absent (the tests that need them skip; `Scripts/fetch-models` downloads them).
enum RealModels {
    /// `SmolLM2-135M-Instruct.Q4_1.gguf`.
    static let smolLM2Path: String? = {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Models").path
        return ModelSearchPath(first: [checkout]).find("SmolLM2-135M-Instruct.Q4_1.gguf")
    }()

    /// The loaded SmolLM2 file.
    static let smolLM2: GGUFFile? = smolLM2Path.flatMap { try? GGUFFile.load(from: $0) }

    /// SmolLM2's tokenizer.
    static let smolLM2Tokenizer: ByteLevelBPETokenizer? = smolLM2.flatMap { try? $0.byteLevelBPETokenizer() }

    static let absent: Comment = "Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent; run Scripts/fetch-models"
}
