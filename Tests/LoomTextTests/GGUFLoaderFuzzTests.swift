import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("GGUF loader on bad input")
struct GGUFLoaderFuzzTests {
    /// Loads `bytes` as a model and runs one token; returns the error message, or nil.
    static func outcome(_ bytes: [UInt8]) -> String? {
        do {
            let model = try GGUFFile(bytes: bytes, name: "fuzz.gguf").transformer()
            var state = TransformerState(model)
            _ = try state.forward(token: 0, position: 0)
            return nil
        } catch let error as LoomError {
            return error.message
        } catch {
            Issue.record("not a LoomError: \(error)")
            return "\(error)"
        }
    }

    @Test("dimensions of 2^32 × 2^32 are an error, not an overflow trap")
    func elementCountOverflow() throws {
        var writer = GGUFWriter()
        try writer.addTensor("w", values: [Float](repeating: 1, count: 32), dimensions: [32, 1], type: .f32)
        var bytes = writer.encoded()
        // Header (24 bytes), name length (8) and name "w" (1), rank (4), then two dimensions.
        for start in [37, 45] { bytes.replaceSubrange(start..<(start + 8), with: [0, 0, 0, 0, 1, 0, 0, 0]) }
        let message = try #require(throws: LoomError.self) { try GGUFFile(bytes: bytes, name: "big.gguf") }.message
        #expect(
            message
                == "big.gguf: tensor 'w' has dimensions [4294967296, 4294967296], more elements than the file can hold")
    }

    @Test("a tensor whose data does not follow the one before is named")
    func misplacedTensor() throws {
        var writer = GGUFWriter()
        try writer.addTensor("a", values: [Float](repeating: 1, count: 32), dimensions: [32], type: .f32)
        try writer.addTensor("b", values: [Float](repeating: 2, count: 32), dimensions: [32], type: .f32)
        var bytes = writer.encoded()
        // Tensor b's offset: after a's info (8 + 1 + 4 + 8 + 4 + 8 bytes from 24), then 8 + 1 + 4 + 8 + 4.
        let offset = 24 + 33 + 25
        #expect(bytes[offset] == 128)
        bytes[offset] = 0
        let message = try #require(throws: LoomError.self) { try GGUFFile(bytes: bytes, name: "m.gguf") }.message
        #expect(message == "m.gguf: tensor 'b' has data offset 0, expected 128 (the aligned end of the tensor before)")
        bytes[offset] = 100
        let unaligned = try #require(throws: LoomError.self) { try GGUFFile(bytes: bytes, name: "m.gguf") }.message
        #expect(unaligned == "m.gguf: tensor 'b' has data offset 100, not a multiple of the alignment 32")
    }

    @Test("seeded truncations and byte mutations give LoomErrors, never a crash")
    func fuzz() throws {
        let good = try GGUFFixtures.llama(from: "tiny-shared", type: .q8_0)
        #expect(Self.outcome(good) == nil)
        var random = Seed(2026).makeRandom()
        var errors = 0
        for round in 0..<300 {
            var bytes = good
            if round % 3 == 0 {
                bytes.removeLast(Int.random(in: 1...(bytes.count - 1), using: &random))
            } else {
                // Mostly the header, where counts, lengths, types and offsets live.
                let headerEnd = min(bytes.count, 4096)
                for _ in 0..<Int.random(in: 1...6, using: &random) {
                    let index = Int.random(in: 0..<(round % 3 == 1 ? headerEnd : bytes.count), using: &random)
                    bytes[index] = UInt8.random(in: 0...255, using: &random)
                }
            }
            if let message = Self.outcome(bytes) {
                errors += 1
                #expect(message.hasPrefix("fuzz.gguf: "), "round \(round): \(message)")
            }
        }
        #expect(errors > 100)
    }
}
