import Foundation
import LoomCore
import Testing

@testable import LoomText

/// llama2.c checkpoints opened from files (read whole into large pages): the same model as the
/// same bytes in memory, and files that are not checkpoints refused with their path and what was
/// expected.
@Suite("llama2.c checkpoints opened from files")
struct Llama2cLoadingTests {
    /// `bytes` written to a fresh file; returns its path.
    private func write(_ bytes: [UInt8], name: String) throws -> String {
        let path = try Fixtures.temporaryFolder() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func message(_ body: () throws -> Transformer) -> String {
        do {
            _ = try body()
            return "no error"
        } catch let error as LoomError { return error.message } catch { return "\(error)" }
    }

    @Test("a checkpoint file decodes the same tokens and logit bits as its bytes in memory, by either loader")
    func fileMatchesMemory() throws {
        let c = Llama2cDecodingTests.config
        let bytes = Llama2cDecodingTests.checkpoint(c, Llama2cDecodingTests.weights(c, seed: 31))
        let path = try write(bytes, name: "odd.bin")
        let memory = try Llama2cDecodingTests.decode(
            try Transformer.llama2c(bytes: bytes, name: "odd.bin"), threads: 1, kvCache: .f32, steps: 12)
        for model in [try Transformer.load(from: path), try Transformer.loadLlama2c(from: path)] {
            #expect(model.config == c)
            let file = try Llama2cDecodingTests.decode(model, threads: 2, kvCache: .f32, steps: 12)
            #expect(file.tokens == memory.tokens)
            #expect(file.logits.map { $0.map(\.bitPattern) } == memory.logits.map { $0.map(\.bitPattern) })
        }
    }

    @Test("a truncated, empty or missing checkpoint file is refused with its path and what was expected")
    func badFiles() throws {
        let c = Llama2cDecodingTests.config
        let bytes = Llama2cDecodingTests.checkpoint(c, Llama2cDecodingTests.weights(c, seed: 31))
        let truncated = try write(Array(bytes.dropLast(8)), name: "truncated.bin")
        #expect(
            message { try Transformer.load(from: truncated) }
                == "\(truncated): truncated llama2.c checkpoint: \(bytes.count - 8) bytes, but the header (dim 200, "
                + "hidden 300, 2 layers, vocab 256) needs \(bytes.count) bytes")
        let empty = try write([], name: "empty.bin")
        #expect(message { try Transformer.loadLlama2c(from: empty) } == "\(empty): the file is empty")
        let missing = try Fixtures.temporaryFolder() + "/missing.bin"
        #expect(
            message { try Transformer.load(from: missing) } == "\(missing): cannot open (No such file or directory)")
        #expect(
            message { try Transformer.loadLlama2c(from: missing) }
                == "\(missing): cannot open (No such file or directory)")
    }

    @Test(
        "a file read into large pages, and weights made in memory, hold their bytes exactly around 2 MB page ends",
        arguments: [1, 4099, 2 << 20, (2 << 20) + 1, (5 << 20) + 77])
    func largePages(size: Int) throws {
        var random = Seed(UInt64(size)).makeRandom()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
        let path = try write(bytes, name: "pages-\(size).bin")
        let read = try WeightStorage.readIntoLargePages(path: path)
        // Weights made in memory (random or trained models) take the same kind of storage.
        let made = WeightStorage.allocate(byteCount: size) { base in
            bytes.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: size) }
        }
        for storage in [read, made] {
            #expect(storage.count == size)
            #expect(Array(UnsafeRawBufferPointer(start: storage.base, count: storage.count)) == bytes)
            #expect(Int(bitPattern: storage.base) % 64 == 0, "float rows must be aligned")
        }
    }
}
