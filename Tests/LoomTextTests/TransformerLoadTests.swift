import Foundation
import LoomCore
import Testing

@testable import LoomText

/// `TransformerGenerator.load(model:tokenizer:sampling:wording:)`, the one loader the CLI,
/// worlds and the C API share.
@Suite("Loading a transformer from its file")
struct TransformerLoadTests {
    static let wording = TransformerFileWording(model: "--model", tokenizer: "--tokenizer FILE")

    /// The greedy text of `generator` for a fixed prompt.
    static func greedy(_ generator: TransformerGenerator) throws -> String {
        try generator.generate(TextRequest(prompt: "Once", seed: Seed(3), maxTokens: 8, temperature: 0)).text
    }

    /// A folder holding the tiny `tiny-shared` checkpoint as `model.bin`, with the tiny
    /// tokenizer beside it as `tokenizer.bin` when `withTokenizer`.
    static func checkpointFolder(withTokenizer: Bool) throws -> String {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(
            atPath: TransformerFixtures.path("tiny-shared.bin"), toPath: folder + "/model.bin")
        if withTokenizer {
            try FileManager.default.copyItem(
                atPath: TransformerFixtures.path("tiny-tokenizer.bin"), toPath: folder + "/tokenizer.bin")
        }
        return folder
    }

    @Test("a GGUF file loads with its own tokenizer and names its chat template")
    func gguf() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try TransformerFixtures.model("tiny-shared")
        var writer = try GGUFWriter.llama(
            model, tokenizer: try TransformerFixtures.tokenizer(), name: "tiny-shared", type: .f32)
        writer.set("tokenizer.chat_template", .string("chatml"))
        try writer.write(to: folder + "/tiny.gguf")

        let loaded = try TransformerGenerator.load(model: folder + "/tiny.gguf", tokenizer: nil, wording: Self.wording)
        #expect(loaded.file?.name == folder + "/tiny.gguf")
        #expect(loaded.hasChatTemplate)
        #expect(loaded.chatTemplate == .chatml)
        let direct = try TransformerGenerator(model: model, tokenizer: try TransformerFixtures.tokenizer())
        #expect(try Self.greedy(loaded.generator) == Self.greedy(direct))

        // A llama2.c tokenizer.bin given with the GGUF file replaces the file's own.
        let replaced = try TransformerGenerator.load(
            model: folder + "/tiny.gguf", tokenizer: TransformerFixtures.path("tiny-tokenizer.bin"),
            wording: Self.wording)
        #expect(replaced.generator.tokenizer is LlamaTokenizer)
        #expect(try Self.greedy(replaced.generator) == Self.greedy(direct))

        // A caller that read the format already (the CLI, to tell n-gram models apart) hands it on.
        let format = try TextModelFormat.detect(path: folder + "/tiny.gguf")
        #expect(format == .gguf)
        let told = try TransformerGenerator.load(
            model: folder + "/tiny.gguf", format: format, tokenizer: nil, wording: Self.wording)
        #expect(told.chatTemplate == .chatml)
        #expect(try Self.greedy(told.generator) == Self.greedy(direct))
    }

    @Test("a llama2.c checkpoint loads with tokenizer.bin beside it, or the one given, and the sampling asked for")
    func llama2c() throws {
        let folder = try Self.checkpointFolder(withTokenizer: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sampling = TransformerSampling(topP: 0.9, threads: 2, startsNewWord: true)
        let beside = try TransformerGenerator.load(
            model: folder + "/model.bin", tokenizer: nil, sampling: sampling, wording: Self.wording)
        #expect(beside.file == nil)
        #expect(beside.chatTemplate == nil && !beside.hasChatTemplate)
        #expect(beside.generator.sampling == sampling)
        let direct = try TransformerGenerator(
            model: TransformerFixtures.path("tiny-shared.bin"),
            tokenizer: TransformerFixtures.path("tiny-tokenizer.bin"),
            sampling: sampling)
        #expect(try Self.greedy(beside.generator) == Self.greedy(direct))

        let given = try TransformerGenerator.load(
            model: TransformerFixtures.path("tiny-shared.bin"), tokenizer: folder + "/tokenizer.bin",
            sampling: sampling, wording: Self.wording)
        #expect(try Self.greedy(given.generator) == Self.greedy(direct))
    }

    @Test("a checkpoint without its tokenizer says where Loom looked and how to give one")
    func missingTokenizer() throws {
        let folder = try Self.checkpointFolder(withTokenizer: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: LoomError.self) {
            try TransformerGenerator.load(model: folder + "/model.bin", tokenizer: nil, wording: Self.wording)
        }
        #expect(error.kind == .io)
        #expect(
            error.message
                == "no tokenizer file at \(folder)/tokenizer.bin: \(folder)/model.bin is a llama2.c checkpoint; "
                + "give its tokenizer with --tokenizer FILE")

        let named = try #require(throws: LoomError.self) {
            try TransformerGenerator.load(
                model: folder + "/model.bin", tokenizer: folder + "/t.bin",
                wording: TransformerFileWording(model: "text.model", tokenizer: "text.tokenizer"))
        }
        #expect(named.kind == .io)
        #expect(named.message == "no tokenizer file at \(folder)/t.bin (given with text.tokenizer)")
    }

    @Test("an n-gram model is refused, in the caller's words")
    func nGramModel() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = try Fixtures.prose
        try NGramModel.train(text: corpus, order: 3).save(to: folder + "/prose.ngram")
        let error = try #require(throws: LoomError.self) {
            try TransformerGenerator.load(
                model: folder + "/prose.ngram", tokenizer: nil,
                wording: TransformerFileWording(
                    model: "text.model", tokenizer: "text.tokenizer",
                    nGramNote: "corpus.txt gives the world its n-gram model"))
        }
        #expect(error.kind == .invalidArgument)
        #expect(
            error.message
                == "\(folder)/prose.ngram is an n-gram model; text.model takes a transformer (GGUF or llama2.c), "
                + "and corpus.txt gives the world its n-gram model")
    }
}
