import Loom

extension BenchSuite {
    /// Text models: n-gram training and generation, grammar expansion, names, transformer decoding.
    static let text = BenchSuite(name: "text") {
        if TransformerBenchOptions.model != nil { return try transformerBenchmarks() }
        let grammar = try Grammar(json: TextBenchCorpus.grammar, file: "<bench grammar>")
        let corpus = try TextBenchCorpus.make(grammar: grammar, bytes: 8 << 20)
        let corpusBytes = corpus.utf8.count
        let model = try NGramModel.train(text: corpus, order: 4)
        var benchmarks: [Benchmark] = []
        benchmarks.append(
            Benchmark(
                name: "ngram.train order 4 (\(corpusBytes >> 20) MiB)", unit: "MB/s", work: Double(corpusBytes)
            ) {
                blackHole(try? NGramModel.train(text: corpus, order: 4))
            })
        let tokenCount = 200_000
        let shapes: [(label: String, topK: Int, temperature: Double, work: Int)] = [
            ("", 0, 1, tokenCount), (" top-k 40", 40, 1, tokenCount / 10), (" T 0.9", 0, 0.9, tokenCount / 100),
        ]
        for (name, sampling) in [("interpolated", NGramSampling.interpolated), ("observed", .observedContinuations)] {
            for shape in shapes {
                let generator = NGramGenerator(model, sampling: sampling)
                let request = TextRequest(
                    seed: Seed(7), maxTokens: tokenCount, stop: TextStop(atSentenceEnd: false),
                    temperature: shape.temperature, topK: shape.topK)
                benchmarks.append(
                    Benchmark(
                        name: "ngram.generation order 4 \(name)\(shape.label)", unit: "M tokens/s",
                        work: Double(shape.work)
                    ) {
                        var stream = try? generator.makeStream(for: request)
                        var length = 0
                        for _ in 0..<shape.work {
                            length &+= (try? stream?.next())??.text.utf8.count ?? 0
                        }
                        blackHole(length)
                    })
            }
        }
        let expansions = 20_000
        benchmarks.append(
            Benchmark(name: "grammar.expand origin", unit: "K expansions/s", work: Double(expansions), scale: 1e-3) {
                var length = 0
                for index in 0..<expansions {
                    length &+= (try? grammar.expand(seed: Seed(UInt64(index))))?.utf8.count ?? 0
                }
                blackHole(length)
            })
        let names = try NameModel.train(names: TextBenchCorpus.names, order: 3)
        let nameCount = 20_000
        benchmarks.append(
            Benchmark(name: "names.generate order 3", unit: "K names/s", work: Double(nameCount), scale: 1e-3) {
                var length = 0
                for index in 0..<nameCount {
                    length &+= (try? names.generate(seed: Seed(UInt64(index))))?.count ?? 0
                }
                blackHole(length)
            })
        return benchmarks + (try transformerBenchmarks())
    }
}
