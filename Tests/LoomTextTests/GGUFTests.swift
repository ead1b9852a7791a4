import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("GGUF reader")
struct GGUFTests {
    static func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try GGUFFile(bytes: bytes, name: "m.gguf").transformer()
            return "no error"
        } catch let error as LoomError { return error.message } catch { return "\(error)" }
    }

    @Test("F32 GGUF gives the llama2.c fixture's logits", arguments: TransformerFixtures.models)
    func f32MatchesReference(name: String) throws {
        let file = try GGUFFile(bytes: try GGUFFixtures.llama(from: name, type: .f32))
        #expect(file.version == 3)
        #expect(file.architecture == "llama")
        let model = try file.transformer()
        #expect(model.config == (try TransformerFixtures.model(name)).config)
        #expect(try TransformerFixtures.largestDifference(model, TransformerFixtures.reference(name)) < 1e-4)
    }

    @Test(
        "F16, BF16 and Q8_0 GGUF stay close to the reference",
        // Q8_0 also quantises the activations to 8 bits per block of 32 (as llama.cpp does), which
        // adds an error of the same size as the weights' own: hence twice BF16-free Q8_0's 0.1.
        arguments: [(GGUFTensorType.f16, Float(0.02)), (.bf16, 0.15), (.q8_0, 0.2)])
    func quantisedCloseToReference(type: GGUFTensorType, tolerance: Float) throws {
        let model = try GGUFFile(bytes: try GGUFFixtures.llama(from: "tiny-gqa", type: type)).transformer()
        let difference = try TransformerFixtures.largestDifference(model, TransformerFixtures.reference("tiny-gqa"))
        #expect(difference < tolerance)
        #expect(difference > 0)
    }

    @Test("Q8_0 and F16 dequantise exactly representable values exactly")
    func exactDequantisation() throws {
        var writer = GGUFWriter()
        let values = (0..<64).map { Float($0 - 32) * 0.5 }
        // Each block's largest magnitude is 127 steps of a scale that a half float holds exactly.
        let low: [Float] = (0..<32).map { Float($0 * 8 - 127) * 0.25 }
        let high: [Float] = (0..<32).map { Float(127 - $0 * 4) * 0.5 }
        let halves = low + high
        try writer.addTensor("a", values: halves, dimensions: [64], type: .q8_0)
        try writer.addTensor("b", values: values, dimensions: [32, 2], type: .f16)
        let file = try GGUFFile(bytes: writer.encoded())
        var out = [Float](repeating: 0, count: 64)
        out.withUnsafeMutableBufferPointer { file.dequantise(file.tensor("b")!, into: $0.baseAddress!) }
        #expect(out == values)
        out.withUnsafeMutableBufferPointer { file.dequantise(file.tensor("a")!, into: $0.baseAddress!) }
        #expect(out == halves)
    }

    @Test("the tokenizer comes from the metadata")
    func tokenizerFromMetadata() throws {
        let file = try GGUFFile(bytes: try GGUFFixtures.llama(from: "tiny-gqa", type: .f32))
        let tokenizer = try file.tokenizer()
        let reference = try TransformerFixtures.tokenizer()
        #expect(tokenizer.pieces == reference.pieces)
        for text in ["the cat and the hat.", "naïve 日本"] { #expect(tokenizer.encode(text) == reference.encode(text)) }
    }

    @Test("metadata of every type, arrays included")
    func metadataTypes() throws {
        var writer = GGUFWriter()
        let entries: [(String, GGUFWriter.Value)] = [
            ("u8", .uint8(200)), ("i8", .int8(-5)), ("u16", .uint16(60000)), ("i16", .int16(-30000)),
            ("u32", .uint32(4_000_000_000)),
            ("i32", .int32(-7)), ("f32", .float32(1.5)), ("bool", .bool(true)), ("s", .string("héllo")),
            ("u64", .uint64(1 << 40)), ("i64", .int64(-(1 << 40))), ("f64", .float64(-2.25)),
            ("nested", .array(elementType: 9, [.int32s([1, 2]), .int32s([])])),
        ]
        for (key, value) in entries { writer.set(key, value) }
        let file = try GGUFFile(bytes: writer.encoded())
        let m = file.metadata
        #expect(m["u8"] == .unsigned(200) && m["i8"] == .signed(-5) && m["u16"] == .unsigned(60000))
        #expect(m["i16"] == .signed(-30000) && m["u32"]?.int == 4_000_000_000 && m["i32"]?.int == -7)
        #expect(m["f32"] == .float(1.5) && m["bool"] == .bool(true) && m["s"]?.string == "héllo")
        #expect(m["u64"]?.int == 1 << 40 && m["i64"]?.int == -(1 << 40) && m["f64"]?.double == -2.25)
        #expect(m["nested"] == .array([.array([.signed(1), .signed(2)]), .array([])]))
    }

    @Test("other architectures are named in the error")
    func otherArchitecture() throws {
        let bytes = try GGUFFixtures.llama(from: "tiny-shared", type: .f32, architecture: "gpt2")
        #expect(Self.message(bytes).contains("m.gguf: general.architecture: 'gpt2' is not supported"))
    }

    @Test("corrupt files give clear errors")
    func corruptions() throws {
        let good = try GGUFFixtures.llama(from: "tiny-shared", type: .f32)
        #expect(Self.message(good) == "no error")
        var badMagic = good
        badMagic[0] = 0x58
        #expect(Self.message(badMagic).contains("not a GGUF file: starts with 0x58 0x47 0x55 0x46"))
        var badVersion = good
        badVersion[4] = 9
        #expect(Self.message(badVersion).contains("unsupported GGUF version 9"))
        #expect(Self.message(Array(good.prefix(6))).contains("truncated GGUF at byte 4: expected the version"))
        #expect(
            Self.message(Array(good.prefix(40))).contains(
                "the tensor count at byte 8 is 11, more than the 40-byte file"))
        var named = GGUFWriter()
        named.set("general.name", .string("hello world"))
        let cut = Array(named.encoded().prefix(60))
        #expect(Self.message(cut).contains("the length of the value of 'general.name' at byte 48 is 11, more than"))
        #expect(
            Self.message(Array(named.encoded().prefix(46))).contains("truncated GGUF at byte 44: expected the type of"))
        #expect(
            Self.message(Array(good.dropLast(100))).contains(
                "truncated GGUF: tensor 'blk.0.ffn_up.weight' (F32, [16, 48]) needs bytes up to"))
        var hugeCount = good
        hugeCount[15] = 0x7F  // tensor count's top byte
        #expect(Self.message(hugeCount).contains("the tensor count at byte 8 is"))
        var writer = GGUFWriter()
        try writer.addTensor("w", values: [Float](repeating: 1, count: 32), dimensions: [32], type: .f32)
        var badType = writer.encoded()
        // Tensor info: name (8 + 1 bytes), rank (4), one dimension (8), then the type.
        badType[24 + 9 + 4 + 8] = 10  // Q2_K, which Loom does not read
        #expect(throws: LoomError.self) { try GGUFFile(bytes: badType) }
        do { _ = try GGUFFile(bytes: badType) } catch let error as LoomError {
            #expect(
                error.message
                    == "<memory>: tensor 'w' has ggml type 10; Loom reads F32 (0), F16 (1), Q4_0 (2), Q4_1 (3), "
                    + "Q5_0 (6), Q5_1 (7), Q8_0 (8), Q4_K (12), Q5_K (13), Q6_K (14), BF16 (30)")
        }
        var shortRows = writer.encoded()
        shortRows[24 + 9 + 4 + 8] = 12  // Q4_K needs rows of 256
        #expect(Self.message(shortRows).contains("Q4_K tensor 'w' has rows of 32, not a multiple of its block of 256"))
        var noKeys = GGUFWriter()
        noKeys.set("general.architecture", .string("llama"))
        #expect(Self.message(noKeys.encoded()).contains("m.gguf: token_embd.weight: missing, or not 2-D"))
    }

    @Test("Transformer.load recognises GGUF by its magic")
    func loadDetectsGGUF() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/tiny.gguf"
        try Data(try GGUFFixtures.llama(from: "tiny-gqa", type: .f32)).write(to: URL(fileURLWithPath: path))
        let model = try Transformer.load(from: path)
        #expect(try TransformerFixtures.largestDifference(model, TransformerFixtures.reference("tiny-gqa")) < 1e-4)
    }
}
