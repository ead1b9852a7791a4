import Loom

extension BenchSuite {
    /// The narrative engine: compiling a large story, playing it, saving and loading its state.
    static let story = BenchSuite(name: "story") {
        var benchmarks: [Benchmark] = []
        let large = [StorySource(name: "generated.yarn", text: StoryBenchText.generate(nodes: 5_000))]
        benchmarks.append(
            Benchmark(name: "compile 5,000 nodes", unit: "k nodes/s", work: 5_000, scale: 1e-3) {
                blackHole(try? StoryCompiler.compile(large))
            })

        let played = try StoryCompiler.compile([
            StorySource(name: "play.yarn", text: StoryBenchText.generate(nodes: 200))
        ])
        let linesPerRun = 50_000
        benchmarks.append(
            Benchmark(name: "play seeded random choices", unit: "k lines/s", work: Double(linesPerRun), scale: 1e-3) {
                blackHole(try? StoryBenchText.play(played, lines: linesPerRun, seed: 1))
            })

        // A typical save: an hour of play touches a few dozen nodes. The large one has visited
        // nearly every node of the 200 and chosen hundreds of line-group items.
        for (label, lines) in [("typical", 300), ("large", 3_000)] {
            let runner = StoryRunner(story: played, seed: Seed(5))
            _ = try StoryBenchText.play(played, lines: lines, seed: 5, runner: runner)
            let restored = StoryRunner(story: played)
            let sample = runner.saveState()
            let size = try sample.encoded().count
            let entries = sample.variables.count + sample.visitCounts.count + sample.saliencyViews.count
            let name = "save+load \(label) (\(entries) entries, \(size / 1024) KB)"
            benchmarks.append(
                Benchmark(name: name, unit: "k round trips/s", work: 1, scale: 1e-3) {
                    guard let bytes = try? runner.saveState().encoded(), let state = try? StoryState.decode(bytes)
                    else {
                        return
                    }
                    try? restored.load(state)
                    blackHole(bytes.count)
                })
        }
        benchmarks += try InkBenchText.benchmarks()
        return benchmarks
    }
}

/// A generated story shaped like game dialogue: speakers, markup, variables, conditions, line
/// groups, options and jumps between rooms.
enum StoryBenchText {
    static func generate(nodes: Int) -> String {
        var text = ""
        text.reserveCapacity(nodes * 600)
        for i in 0..<nodes {
            text += """
                title: Room\(i)
                tags: generated
                ---

                """
            if i == 0 {
                text += "<<declare $gold = 0>>\n<<declare $rested = false>>\n"
            }
            text += """
                Narrator: You stand in room \(i). Gold: {$gold}.
                Guide: The walls here are [b]old[/b] and damp.
                <<set $gold += 1>>
                <<if $gold > 10>>
                    Guide: You are rich now.
                <<else>>
                    Guide: Keep looking.
                <<endif>>
                => Narrator: A draught blows.
                => Narrator: Water drips. <<if $gold % 2 == 0>>
                => Narrator: Something skitters. <<if $rested>>
                -> Go north
                    <<jump Room\((i * 7 + 1) % nodes)>>
                -> Go south <<if $gold > 3>>
                    <<jump Room\((i * 13 + 5) % nodes)>>
                -> Rest <<once>>
                    <<set $rested = true>>
                    Narrator: You rest a while.
                    <<jump Room\((i + 1) % nodes)>>
                -> Leave
                ===

                """
        }
        return text
    }

    /// Plays with seeded random choices until `lines` lines were delivered; returns a checksum.
    @discardableResult
    static func play(_ story: Story, lines: Int, seed: UInt64, runner given: StoryRunner? = nil) throws -> Int {
        let runner = given ?? StoryRunner(story: story, seed: Seed(seed))
        var random = Seed(seed).derive("choices").makeRandom()
        var delivered = 0
        var checksum = 0
        try runner.setNode("Room0")
        while delivered < lines {
            switch try runner.continue() {
            case .line(let line):
                delivered += 1
                checksum &+= line.text.utf8.count
            case .options(let options):
                let available = options.filter(\.isAvailable)
                if let choice = random.element(of: available) { try runner.selectOption(choice.index) }
            case .end:
                try runner.setNode("Room\(random.nextInt(below: story.nodes.count))")
            default:
                continue
            }
        }
        return checksum
    }
}
