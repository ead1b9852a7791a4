import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// Seeded random stories made of jumps, detours, string doubling, counters and options: every
/// run ends (the story's end, or a located `.budget` error) within the runtime budgets.
@Suite struct RuntimeFuzzTests {
    /// A random story of `nodes` nodes whose bodies loop, detour into each other and grow strings.
    static func story(_ random: inout Xoshiro256StarStar, nodes: Int) -> String {
        var text = "title: Setup\n---\n<<declare $s = \"ab\">>\n<<declare $n = 0>>\n===\n"
        for index in 0..<nodes {
            text += "title: N\(index)\n---\n"
            for _ in 0..<(1 + random.nextInt(below: 5)) {
                let target = "N\(random.nextInt(below: nodes))"
                switch random.nextInt(below: 7) {
                case 0: text += "<<jump \(target)>>\n"
                case 1: text += "<<detour \(target)>>\n"
                case 2: text += "<<set $s = $s + $s>>\n"
                case 3: text += "<<set $n = $n + 1>>\n"
                case 4: text += "Line {$n}.\n"
                case 5: text += "-> Go\n    <<jump \(target)>>\n-> Stay\n    <<detour \(target)>>\n"
                default: text += "<<if $n > 3>>\n    <<jump \(target)>>\n<<endif>>\n"
                }
            }
            text += "===\n"
        }
        return text
    }

    @Test("300 random looping stories each end, or stop at a located budget error")
    func loopsAndDetoursStopWithinTheirBudgets() throws {
        var random = Seed(text: "runtime fuzz").makeRandom()
        var outcomes: [String: Int] = [:]
        for _ in 0..<300 {
            let source = Self.story(&random, nodes: 1 + random.nextInt(below: 5))
            let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(1))
            runner.limits = StoryLimits(
                maximumDetourDepth: 32, maximumInstructionsBetweenEvents: 5_000, maximumStringBytes: 1 << 16)
            try runner.setNode("N0")
            do {
                var events = 0
                loop: while events < 500 {
                    events += 1
                    switch try runner.continue() {
                    case .end: break loop
                    case .options(let options): try runner.selectOption(options[0].index)
                    default: continue
                    }
                }
                outcomes[events < 500 ? "end" : "event cap", default: 0] += 1
            } catch let error as LoomError {
                #expect(error.kind == .budget, "\(error)\n\(source)")
                #expect(error.location?.file == "test.yarn" && (error.location?.line ?? 0) > 0, "\(error)")
                outcomes["budget", default: 0] += 1
            }
        }
        // The corpus reaches every outcome, so the budgets are really exercised.
        #expect(outcomes["budget", default: 0] > 20, "\(outcomes)")
        #expect(outcomes["end", default: 0] > 20, "\(outcomes)")
    }

    @Test("random deep nesting of blocks and expressions compiles, or is one located error")
    func deepNestingIsBounded() throws {
        var random = Seed(text: "nesting fuzz").makeRandom()
        var refused = 0
        var ran = 0
        for _ in 0..<60 {
            let blocks = 1 + random.nextInt(below: 200)
            let parentheses = 1 + random.nextInt(below: 400)
            var text = "title: Start\n---\n"
            text += String(repeating: "<<if true>>\n", count: blocks)
            text +=
                "{" + String(repeating: "(", count: parentheses) + "1" + String(repeating: ")", count: parentheses)
                + "}\n"
            text += String(repeating: "<<endif>>\n", count: blocks)
            text += "===\n"
            do {
                let runner = StoryRunner(story: try StoryTesting.compile(text), seed: Seed(1))
                try runner.setNode("Start")
                var event = try runner.continue()
                if case .nodeStart = event { event = try runner.continue() }
                guard case .line(let line) = event else {
                    Issue.record("expected the line, got \(event) for \(blocks) blocks, \(parentheses) parentheses")
                    continue
                }
                #expect(line.text == "1")
                ran += 1
            } catch let error as LoomError {
                refused += 1
                #expect(error.diagnostics.contains { $0.location?.file == "test.yarn" }, "\(error)")
            }
        }
        #expect(refused > 0 && ran > 0, "\(ran) ran, \(refused) refused: the corpus is on both sides of the limits")
    }
}
