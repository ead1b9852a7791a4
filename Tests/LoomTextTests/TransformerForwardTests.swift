import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("Transformer forward pass")
struct TransformerForwardTests {
    @Test(
        "reads the llama2.c header", arguments: [("tiny-gqa", 32, 2, 4, 2, false), ("tiny-shared", 16, 1, 2, 2, true)])
    func header(name: String, dim: Int, layers: Int, heads: Int, kvHeads: Int, shared: Bool) throws {
        let config = try TransformerFixtures.model(name).config
        #expect(config.dim == dim)
        #expect(config.layerCount == layers)
        #expect(config.headCount == heads)
        #expect(config.kvHeadCount == kvHeads)
        #expect(config.vocabularySize == 300)
        #expect(config.sequenceLength == 32)
        #expect(config.sharedClassifier == shared)
    }

    @Test("logits match the stored numpy reference", arguments: TransformerFixtures.models)
    func matchesStoredReference(name: String) throws {
        let model = try TransformerFixtures.model(name)
        let reference = try TransformerFixtures.reference(name)
        #expect(reference.logits.count == reference.tokens.count)
        #expect(try TransformerFixtures.largestDifference(model, reference) < 1e-4)
    }

    @Test("logits are the same bytes on one thread or several", arguments: TransformerFixtures.models)
    func threadIndependent(name: String) throws {
        let model = try TransformerFixtures.model(name)
        var one = TransformerState(model, threads: 1)
        var many = TransformerState(model, threads: 4)
        for (position, token) in [1, 270, 7, 299, 2].enumerated() {
            #expect(try one.forward(token: token, position: position) == many.forward(token: token, position: position))
        }
    }

    @Test(
        "logits match the numpy script run live",
        .enabled(
            if: TransformerFixtures.numpyAvailable,
            "python3 with numpy is not installed; the stored reference test still runs"))
    func matchesLiveReference() throws {
        let script = TransformerFixtures.repositoryRoot.appendingPathComponent("Scripts/reference_forward.py").path
        let tokens = [1, 280, 281, 282, 3, 200, 259, 298, 10, 11, 2, 12]
        for name in TransformerFixtures.models {
            let process = Process()
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", script, "forward", TransformerFixtures.path("\(name).bin"), "--tokens",
                tokens.map(String.init).joined(separator: ","),
            ]
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "reference_forward.py failed for \(name)")
            let reference = try TransformerFixtures.reference(json: data)
            #expect(try TransformerFixtures.largestDifference(TransformerFixtures.model(name), reference) < 1e-4)
        }
    }

    @Test("rejects tokens and positions outside the model")
    func rejectsOutOfRange() throws {
        var state = TransformerState(try TransformerFixtures.model("tiny-shared"))
        #expect(throws: LoomError.self) { try state.forward(token: 300, position: 0) }
        #expect(throws: LoomError.self) { try state.forward(token: 1, position: 32) }
    }

    @Test("truncated and invalid checkpoints give clear errors")
    func corruptCheckpoints() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TransformerFixtures.path("tiny-gqa.bin"))))
        func message(_ data: [UInt8]) -> String {
            do {
                _ = try Transformer.llama2c(bytes: data, name: "bad.bin")
                return "no error"
            } catch let error as LoomError { return error.message } catch { return "\(error)" }
        }
        #expect(message(Array(bytes.prefix(10))).contains("truncated llama2.c header: 10 bytes"))
        #expect(message(Array(bytes.dropLast(4))).contains("truncated llama2.c checkpoint: 152216 bytes"))
        var badHeads = bytes
        badHeads[12] = 5  // n_heads 5 does not divide dim 32
        #expect(message(badHeads).contains("n_heads (5) must divide dim (32)"))
        #expect(throws: LoomError.self) { try Transformer.load(from: "/nonexistent/model.bin") }
    }
}
