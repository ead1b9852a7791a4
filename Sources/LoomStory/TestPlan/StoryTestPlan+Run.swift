import LoomCore

extension StoryTestPlan {
    /// What running a plan found.
    public struct Outcome: Sendable {
        /// True when every step matched.
        public var passed: Bool
        /// The first mismatch, as `plan:line: expected …, got …`.
        public var failure: String?
        /// Steps that matched before the end or the first mismatch.
        public var matchedSteps: Int
    }

    /// Runs every run of the plan against a story; variables, visits and saliency memory carry
    /// over from one run to the next.
    public func run(
        _ story: Story, functions: FunctionLibrary = StoryTestPlan.conformanceFunctions, seed: Seed = Seed(0)
    ) -> Outcome {
        let runner = StoryRunner(story: story, functions: functions, seed: seed)
        var matched = 0
        for run in runs {
            var started = false
            var startNode = "Start"
            var expected: [(text: String, tags: [String], available: Bool)] = []
            func nextEvent() throws -> StoryEvent {
                if !started {
                    try runner.setNode(startNode)
                    started = true
                }
                while true {
                    switch try runner.continue() {
                    case .nodeStart, .nodeEnd: continue
                    case let event: return event
                    }
                }
            }
            for located in run {
                func mismatch(_ message: String) -> Outcome {
                    Outcome(passed: false, failure: "\(file):\(located.line): \(message)", matchedSteps: matched)
                }
                do {
                    switch located.step {
                    case .set(let name, let value):
                        if (try? runner.setValue(value, of: name)) == nil { runner.storage.setValue(value, for: name) }
                    case .node(let name):
                        startNode = name
                    case .saliency(let strategy):
                        runner.saliencyStrategy = strategy
                    case .option(let text, let tags, let available):
                        expected.append((text, tags, available))
                    case .line(let text, let tags):
                        let event = try nextEvent()
                        // Tags after a line are not checked: Yarn Spinner's own plans list tags a
                        // line does not have (Lines.testplan), as its runner treats them as comments.
                        guard case .line(let line) = event, text == nil || line.text == text else {
                            return mismatch("expected line `\(text ?? "*")`\(tagList(tags)), got \(describe(event))")
                        }
                    case .command(let text):
                        let event = try nextEvent()
                        guard case .command(let command) = event, command.text == text else {
                            return mismatch("expected command `\(text)`, got \(describe(event))")
                        }
                    case .stop:
                        let event = try nextEvent()
                        guard case .end = event else {
                            return mismatch("expected the dialogue to stop, got \(describe(event))")
                        }
                    case .select(let choice):
                        let event = try nextEvent()
                        guard case .options(let options) = event else {
                            return mismatch("expected \(expected.count) options, got \(describe(event))")
                        }
                        let same =
                            options.count == expected.count
                            && zip(options, expected).allSatisfy {
                                $0.line.text == $1.text && $0.isAvailable == $1.available
                                    && $1.tags.allSatisfy($0.line.tags.contains)
                            }
                        guard same else {
                            let want = expected.map { "`\($0.text)`\($0.available ? "" : " [disabled]")" }.joined(
                                separator: ", ")
                            return mismatch("expected options \(want), got \(describe(event))")
                        }
                        expected = []
                        if choice > 0 {
                            guard choice <= options.count else { return mismatch("there is no option \(choice)") }
                            try runner.selectOption(choice - 1)
                        }
                    }
                } catch {
                    return mismatch("the story failed: \(error)")
                }
                matched += 1
            }
        }
        return Outcome(passed: true, failure: nil, matchedSteps: matched)
    }

    func tagList(_ tags: [String]) -> String {
        tags.isEmpty ? "" : " with tags " + tags.map { "#\($0)" }.joined(separator: " ")
    }

    func describe(_ event: StoryEvent) -> String {
        switch event {
        case .line(let line): "line `\(line.text)`\(tagList(line.tags))"
        case .options(let options):
            "options "
                + options.map { "`\($0.line.text)`\($0.isAvailable ? "" : " [disabled]")" }.joined(separator: ", ")
        case .command(let command): "command `\(command.text)`"
        case .nodeStart(let name): "the start of node \(name)"
        case .nodeEnd(let name): "the end of node \(name)"
        case .end: "the end of the dialogue"
        }
    }
}
