import Loom

extension BenchSuite {
    /// Sentence embeddings (all-MiniLM-L6-v2): short and long sentences on 1 and 2 threads in
    /// int8 (the default precision) and on 1 thread in float32, and matching one typed sentence
    /// against 10 options (option embeddings cached, as in play).
    static let embed = BenchSuite(name: "embed") {
        let embedder: SentenceEmbedder
        do {
            embedder = try SentenceEmbedder.load(from: SentenceEmbedder.defaultModelName)
        } catch let error as LoomError {
            // The other suites still run without the downloaded model.
            StoryFiles.printError("note: embed is skipped: \(error.message)")
            return []
        }
        let all = Parallel.defaultThreadCount
        // Short: 6 to 14 tokens each ([CLS] and [SEP] included).
        let short = (0..<64).map { shortSentences[$0 % shortSentences.count] + ($0 < 32 ? "" : " now") }
        // Long: exactly 128 tokens each (words are added while they fit).
        let long = (0..<16).map { index in
            var sentence = ""
            for step in 0..<400 {
                let next = (sentence.isEmpty ? "" : sentence + " ") + longWords[(step * 7 + index) % longWords.count]
                let count = embedder.tokens(next).count
                if count <= 128 { sentence = next }
                if count >= 128 { break }
            }
            return sentence
        }
        precondition(short.allSatisfy { embedder.tokens($0).count <= 16 }, "short bench sentences over 16 tokens")
        precondition(long.allSatisfy { embedder.tokens($0).count == 128 }, "long bench sentences not 128 tokens")
        var benchmarks: [Benchmark] = []
        // int8 (the default) on 1 and 2 threads, then float32 on one thread for comparison.
        var runs = Array(Set([1, 2, all])).sorted().map { (threads: $0, precision: SentenceEmbedder.Precision.int8) }
        runs.append((1, .float32))
        for run in runs {
            var model = embedder
            model.precision = run.precision
            for (label, batch) in [("short ×64 (≤16 tok)", short), ("long ×16 (128 tok)", long)] {
                let threads = "\(run.threads) thread\(run.threads == 1 ? "" : "s")"
                benchmarks.append(
                    Benchmark(
                        name: "\(label), \(threads), \(run.precision.rawValue)",
                        unit: "sentences/s", work: Double(batch.count), scale: 1
                    ) {
                        Compute.threadCount = run.threads
                        blackHole(try! model.embed(batch).count)
                        Compute.threadCount = all
                    })
            }
        }
        let story = try StoryCompiler.compile([StorySource(name: "bench.yarn", text: matchStory)])
        let runner = StoryRunner(story: story, seed: Seed(1))
        runner.textEmbedder = embedder
        try runner.setNode("Start")
        while case let event = try runner.continue(), event != .end {
            if case .options = event { break }
        }
        _ = try runner.matchOption("warm the cache")
        benchmarks.append(
            Benchmark(name: "match 1 typed sentence vs 10 options", unit: "matches/s", work: 1, scale: 1) {
                Compute.threadCount = 1
                blackHole(try! runner.matchOption("I want to light the old lamp").score)
                Compute.threadCount = all
            })
        return benchmarks
    }

    private static let shortSentences = [
        "light the lamp", "I open the old door", "ask the ferryman about the storm",
        "can I buy some bread here?", "sail to the eastern isle", "follow the stranger into the crypt",
        "read the captain's map", "climb the northern tower",
    ]

    private static let longWords = [
        "the", "keeper", "climbed", "spiral", "stairs", "lamp", "sea", "broke", "against", "black", "rocks",
        "wind", "carried", "salt", "gulls", "boats", "home", "night", "beam", "water",
    ]

    private static let matchStory = """
        title: Start
        ---
        Keeper: The storm is coming. What will you do?
        -> Light the lamp #hint:light,lantern
        -> Bar the door
        -> Climb the tower
        -> Ask about the ships
        -> Read the logbook
        -> Sleep by the fire
        -> Go down to the harbour
        -> Pray at the shrine
        -> Check the supplies
        -> Leave the lighthouse
        ===
        """
}
