import Foundation
import LoomCore
import Synchronization
import Testing

@testable import LoomText

@Suite struct ConcurrencyTests {
    /// Generates `count` texts on `threads` threads, each into its own slot.
    func texts(_ generator: some TextGenerator, count: Int, threads: Int) -> [String] {
        let results = Mutex([String](repeating: "", count: count))
        Parallel.forEachChunk(of: count, chunkSize: 3, threads: threads) { range in
            for index in range {
                let request = TextRequest(seed: Seed(UInt64(index)), maxTokens: 25, topK: index % 2 == 0 ? 0 : 5)
                let text = (try? generator.generate(request).text) ?? "<error>"
                results.withLock { $0[index] = text }
            }
        }
        return results.withLock { $0 }
    }

    @Test func modelsGiveTheSameTextOnAnyThreadCount() throws {
        let model = try NGramModel.train(text: try Fixtures.grammarCorpus(count: 300), order: 5)
        let one = texts(NGramGenerator(model), count: 24, threads: 1)
        let four = texts(NGramGenerator(model), count: 24, threads: 4)
        #expect(one == four)
        #expect(!one.contains("<error>"))
        let grammar = try Grammar.load(from: Fixtures.path("corpus-grammar.json"))
        #expect(
            texts(GrammarGenerator(grammar), count: 24, threads: 1)
                == texts(GrammarGenerator(grammar), count: 24, threads: 3))
    }

    @Test func promptsWithUnknownWordsAndOnlyMarksStillGenerate() throws {
        let generator = NGramGenerator(try NGramModel.train(text: try Fixtures.grammarCorpus(count: 200), order: 4))
        for prompt in ["Xylophones hum", "?!", "\"", "the the the", "Rain came over"] {
            let result = try generator.generate(TextRequest(prompt: prompt, seed: Seed(2), maxTokens: 20))
            #expect(!result.text.isEmpty, "prompt \(prompt)")
            #expect(result.tokenCount >= 1 && result.tokenCount <= 20)
        }
    }

    @Test func requestsRoundTripThroughJSON() throws {
        let request = TextRequest(
            prompt: "The mill", seed: Seed(99), maxTokens: 12, stop: TextStop(atSentenceEnd: false, strings: ["\n"]),
            temperature: 0.8, topK: 7)
        let data = try JSONEncoder().encode(request)
        #expect(try JSONDecoder().decode(TextRequest.self, from: data) == request)
        let options = NameOptions(
            minLength: 2, maxLength: 9, avoidTrainingNames: false, maxAttempts: 5, temperature: 1, topK: 3)
        #expect(try JSONDecoder().decode(NameOptions.self, from: try JSONEncoder().encode(options)) == options)
    }
}
