import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("GGUF writer")
struct GGUFWriterTests {
    @Test("tensors land aligned, at any power-of-two alignment, and read back exactly")
    func alignment() throws {
        for alignment in [32, 64, 256] {
            var writer = GGUFWriter()
            writer.alignment = alignment
            writer.set("general.name", .string("aligned"))
            let a: [Float] = (0..<5).map { Float($0) * 1.25 }
            let b: [Float] = (0..<96).map { Float($0 % 7) - 3 }
            try writer.addTensor("a", values: a, dimensions: [5], type: .f32)
            try writer.addTensor("b", values: b, dimensions: [32, 3], type: .f32)
            let file = try GGUFFile(bytes: writer.encoded())
            #expect(file.alignment == alignment)
            #expect(file.metadata["general.alignment"]?.int == (alignment == 32 ? nil : alignment))
            for (name, values) in [("a", a), ("b", b)] {
                let info = try #require(file.tensor(name))
                #expect(info.fileOffset % alignment == 0)
                var out = [Float](repeating: 0, count: values.count)
                out.withUnsafeMutableBufferPointer { file.dequantise(info, into: $0.baseAddress!) }
                #expect(out == values)
            }
            #expect(file.tensor("b")?.dimensions == [32, 3])
        }
    }

    @Test("setting a key again replaces its value in place")
    func replacesKeys() throws {
        var writer = GGUFWriter()
        writer.set("x", .uint32(1))
        writer.set("y", .string("why"))
        writer.set("x", .float64(2.5))
        let file = try GGUFFile(bytes: writer.encoded())
        #expect(file.metadata.count == 2)
        #expect(file.metadata["x"] == .float(2.5) && file.metadata["y"] == .string("why"))
    }

    @Test("bad tensors are refused with the reason")
    func errors() throws {
        var writer = GGUFWriter()
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch let error as LoomError { return error.message } catch { return "\(error)" }
        }
        #expect(
            message { try writer.addTensor("w", values: [1, 2, 3], dimensions: [2, 2], type: .f32) }.contains(
                "dimensions [2, 2] need 4 values, got 3"))
        #expect(
            message {
                try writer.addTensor("q", values: [Float](repeating: 0, count: 16), dimensions: [16], type: .q8_0)
            }
            .contains("Q8_0 needs rows of a multiple of 32 (got 16)"))
        #expect(
            message { try writer.addTensor("e", values: [], dimensions: [], type: .f32) }.contains("must be 1 to 4"))
        try writer.addTensor("w", values: [1], dimensions: [1], type: .f32)
        #expect(message { try writer.addTensor("w", values: [1], dimensions: [1], type: .f32) }.contains("added twice"))
        writer.alignment = 48
        #expect(message { try writer.write(to: "/tmp/never.gguf") }.contains("power of two (got 48)"))
        writer.alignment = 32
        #expect(
            message { try writer.write(to: "/nonexistent-folder/model.gguf") }.contains(
                "/nonexistent-folder/model.gguf"))
    }

    @Test("a llama file carries llama.cpp's keys, tensor names and token types")
    func llamaMetadata() throws {
        let model = try TransformerFixtures.model("tiny-gqa")
        let tokenizer = try TransformerFixtures.tokenizer()
        let file = try GGUFFile(
            bytes: try GGUFWriter.llama(model, tokenizer: tokenizer, name: "tiny", type: .f16).encoded())
        let m = file.metadata
        let c = model.config
        #expect(m["general.architecture"]?.string == "llama" && m["general.name"]?.string == "tiny")
        #expect(m["general.file_type"]?.int == 1)
        #expect(m["llama.context_length"]?.int == c.sequenceLength && m["llama.embedding_length"]?.int == c.dim)
        #expect(m["llama.block_count"]?.int == c.layerCount && m["llama.feed_forward_length"]?.int == c.hiddenDim)
        #expect(m["llama.attention.head_count"]?.int == c.headCount)
        #expect(m["llama.attention.head_count_kv"]?.int == c.kvHeadCount)
        #expect(m["llama.rope.dimension_count"]?.int == c.headSize)
        #expect(m["llama.attention.layer_norm_rms_epsilon"]?.double == Double(Float(1e-5)))
        #expect(m["llama.rope.freq_base"]?.double == 10000)
        #expect(m["tokenizer.ggml.model"]?.string == "llama")
        let types = try #require(m["tokenizer.ggml.token_type"]?.array).map { $0.int ?? -1 }
        #expect(types.count == tokenizer.vocabularySize)
        #expect(Array(types.prefix(4)) == [2, 3, 3, 6] && types[258] == 6 && types.last == 1)
        #expect(m["tokenizer.ggml.unknown_token_id"]?.int == 0 && m["tokenizer.ggml.bos_token_id"]?.int == 1)
        #expect(m["tokenizer.ggml.eos_token_id"]?.int == 2)
        let pieces = try #require(m["tokenizer.ggml.tokens"]?.array).compactMap(\.string)
        #expect(pieces.contains { $0.hasPrefix("\u{2581}") } && !pieces.contains { $0.contains(" ") })
        #expect(file.tensor("blk.0.attn_norm.weight")?.type == .f32)
        #expect(file.tensor("blk.0.attn_q.weight")?.type == .f16)
        #expect(file.tensor("token_embd.weight")?.dimensions == [c.dim, c.vocabularySize])
        #expect(file.tensor("blk.0.ffn_down.weight")?.dimensions == [c.hiddenDim, c.dim])
        #expect(file.tensor("output.weight") == nil || !c.sharedClassifier)
    }

    /// The exported file runs in llama.cpp's arithmetic (ggml's SiLU exp and rotation angles)
    /// where the llama2.c model runs in llama2.c's, so logits agree to rounding, not bit for bit.
    @Test("exportGGUF writes a file that loads with the same logits, to rounding")
    func exportToPath() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/out.gguf"
        let model = try TransformerFixtures.model("tiny-shared")
        try model.exportGGUF(to: path, tokenizer: try TransformerFixtures.tokenizer(), name: "tiny")
        let loaded = try Transformer.load(from: path)
        var a = TransformerState(model)
        var b = TransformerState(loaded)
        for (position, token) in [1, 20, 7, 299].enumerated() {
            let original = try a.forward(token: token, position: position)
            let exported = try b.forward(token: token, position: position)
            let worst = zip(original, exported).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-4, "position \(position): largest difference \(worst)")
            #expect(EngineModels.greedy(original) == EngineModels.greedy(exported))
        }
    }
}
