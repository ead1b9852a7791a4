import Foundation
import LoomCore

@testable import LoomText

/// GGUF files for tests, written by the public ``GGUFWriter``.
enum GGUFFixtures {
    /// The tiny llama2.c fixture `name` (and the tiny tokenizer) rewritten as a GGUF file.
    static func llama(from name: String, type: GGUFTensorType, architecture: String = "llama") throws -> [UInt8] {
        let model = try TransformerFixtures.model(name)
        var writer = try GGUFWriter.llama(model, tokenizer: try TransformerFixtures.tokenizer(), name: name, type: type)
        writer.set("general.architecture", .string(architecture))
        return writer.encoded()
    }
}
