import LoomCore
import LoomInk

/// ink rows of `loom bench story`: compiling a large generated ink story and playing it.
enum InkBenchText {
    static func benchmarks() throws -> [Benchmark] {
        var benchmarks: [Benchmark] = []
        let large = generate(knots: 5_000)
        let sourceLines = large.split(separator: "\n").count
        benchmarks.append(
            Benchmark(
                name: "ink compile 5,000 knots (\(sourceLines / 1000)k lines)", unit: "k lines/s",
                work: Double(sourceLines), scale: 1e-3
            ) {
                blackHole(try? InkCompiler.compile(large, file: "generated.ink"))
            })
        let played = try InkCompiler.compile(generate(knots: 200), file: "play.ink")
        let linesPerRun = 50_000
        benchmarks.append(
            Benchmark(name: "ink play seeded random choices", unit: "k lines/s", work: Double(linesPerRun), scale: 1e-3)
            {
                blackHole(try? play(played, lines: linesPerRun, seed: 1))
            })
        return benchmarks
    }

    /// A generated ink story shaped like game dialogue: knots as rooms with variables,
    /// conditionals, sequences, once-only and sticky choices, and diverts between rooms.
    static func generate(knots: Int) -> String {
        var text = "VAR gold = 0\nVAR rested = false\n-> room0\n"
        text.reserveCapacity(knots * 420)
        for i in 0..<knots {
            text += """
                === room\(i) ===
                You stand in room \(i). Gold: {gold}.
                The walls here are old and damp. # room
                ~ gold += 1
                {gold > 10: You are rich now.|Keep looking.}
                {&A draught blows.|Water drips.|Something skitters.}
                * [Go north] -> room\((i * 7 + 1) % knots)
                * {gold > 3} [Go south] -> room\((i * 13 + 5) % knots)
                + [Rest]
                    ~ rested = true
                    You rest a while.
                    -> room\((i + 1) % knots)
                * [Leave] -> END

                """
        }
        return text
    }

    /// Plays with seeded random choices until `lines` lines were delivered; returns a checksum.
    @discardableResult
    static func play(_ story: InkStory, lines: Int, seed: UInt64) throws -> Int {
        let runner = try InkRunner(story: story, seed: Seed(seed))
        var random = Seed(seed).derive("choices").makeRandom()
        var delivered = 0
        var checksum = 0
        let rooms = story.knotNames
        while delivered < lines {
            while runner.canContinue && delivered < lines {
                let line = try runner.continue()
                delivered += 1
                checksum &+= line.utf8.count
            }
            let choices = runner.currentChoices
            if let choice = random.element(of: choices) {
                try runner.choose(choice.index)
            } else if let room = random.element(of: rooms) {
                try runner.choosePath(room)
            }
        }
        return checksum
    }
}
