import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite struct NGramFileTests {
    func samples(_ model: NGramModel) throws -> [String] {
        try (0..<8).map { seed in
            try NGramGenerator(model).generate(
                TextRequest(
                    seed: Seed(UInt64(seed)), maxTokens: 30, temperature: seed % 2 == 0 ? 1 : 0.8, topK: seed % 3)
            ).text
        }
    }

    @Test func saveAndLoadGiveIdenticalSamplesAndBytes() throws {
        let model = try NGramModel.train(text: try Fixtures.prose, order: 4)
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/prose.ngram"
        try model.save(to: path)
        let loaded = try NGramModel.load(from: path)
        #expect(loaded.serialized() == model.serialized())
        #expect(try samples(loaded) == (try samples(model)))
        #expect(loaded.vocabulary == model.vocabulary)
        #expect(loaded.tokenCount == model.tokenCount && loaded.sentenceCount == model.sentenceCount)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(leftovers == ["prose.ngram"])
    }

    @Test func trainingIsDeterministic() throws {
        let first = try NGramModel.train(text: try Fixtures.grammarCorpus(count: 200), order: 3).serialized()
        let second = try NGramModel.train(text: try Fixtures.grammarCorpus(count: 200), order: 3).serialized()
        #expect(first == second)
        #expect(StableHasher.hash(bytes: first) == Self.goldenModelHash)
    }

    static let goldenModelHash: UInt64 = 6_374_978_994_048_758_995

    @Test func truncatedFilesAreClearErrors() throws {
        let bytes = try NGramModel.train(text: try Fixtures.prose, order: 3).serialized()
        for length in [0, 5, 12, 40, bytes.count / 2, bytes.count - 1] {
            do {
                _ = try NGramModel(serialized: Array(bytes.prefix(length)), file: "cut.ngram")
                Issue.record("a file cut to \(length) bytes loaded")
            } catch let error as LoomError {
                #expect(error.kind == .format)
                #expect(error.message.hasPrefix("cut.ngram: "))
                #expect(
                    error.message.contains("truncated") || error.message.contains("not a n-gram model")
                        || error.message.contains("corrupt"), "\(error.message)")
            }
        }
    }

    @Test func everyFlippedByteOrCutIsAnError() throws {
        let bytes = try NGramModel.train(text: try Fixtures.prose, order: 3).serialized()
        var random = Seed(77).makeRandom()
        for _ in 0..<150 {
            var damaged = bytes
            damaged[random.nextInt(below: bytes.count)] ^= UInt8(1 + random.nextInt(below: 255))
            #expect(throws: LoomError.self) { try NGramModel(serialized: damaged) }
        }
        for length in stride(from: 0, to: bytes.count, by: 97) {
            #expect(throws: LoomError.self) { try NGramModel(serialized: Array(bytes.prefix(length))) }
        }
    }

    @Test func corruptFilesAreClearErrors() throws {
        let bytes = try NGramModel.train(text: try Fixtures.prose, order: 3).serialized()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(throws: LoomError.self) { try NGramModel(serialized: flipped) }
        var foreign = bytes
        foreign[0] = UInt8(ascii: "X")
        do {
            _ = try NGramModel(serialized: foreign, file: "x.ngram")
        } catch let error as LoomError {
            #expect(error.message == "x.ngram: not a n-gram model (expected the file to start with 'LOOMNGRM')")
        }
        var future = bytes
        future[8] = 9
        do {
            _ = try NGramModel(serialized: future, file: "f.ngram")
        } catch let error as LoomError {
            #expect(
                error.message == "f.ngram: n-gram model format version 9 is not supported (this Loom reads version 1)")
        }
        #expect(throws: LoomError.self) { try NGramModel(serialized: bytes + [0]) }
        #expect(throws: LoomError.self) { try NGramModel.load(from: "/nonexistent/model.ngram") }
    }

    /// A count past `Int.max` used to trap before the checksum was read: now the checksum is
    /// checked first, and a count that passes it but cannot be an `Int` is an error too.
    @Test func hugeCountsAreErrorsBeforeAndAfterTheChecksum() throws {
        let bytes = try NGramModel.train(text: try Fixtures.prose, order: 3).serialized()
        var huge = bytes
        for i in 16..<24 { huge[i] = 0xFF }  // the token count, after magic, version and order
        let damaged = try #require(throws: LoomError.self) { try NGramModel(serialized: huge, file: "h.ngram") }
        #expect(damaged.message.contains("h.ngram: corrupt n-gram model: the checksum does not match"))
        var resealed = Array(huge.dropLast(8))
        let checksum = StableHasher.hash(bytes: resealed)
        for i in 0..<8 { resealed.append(UInt8(truncatingIfNeeded: checksum >> (8 * UInt64(i)))) }
        let sealed = try #require(throws: LoomError.self) { try NGramModel(serialized: resealed, file: "h.ngram") }
        #expect(sealed.message == "h.ngram: corrupt n-gram model: the token count is 18446744073709551615")
    }
}
