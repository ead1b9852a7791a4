import LoomCore
import Testing

@testable import LoomInk

/// A look-ahead kept instead of run twice (`InkEngine.parkLookahead`) must not show: the lines,
/// tags, choices, variables, observers and saves are those of a runner that rewinds every
/// look-ahead, as ink's runtime does.
@Suite("ink look-ahead")
struct LookaheadTests {
    private func runner(_ source: String) throws -> InkRunner {
        try InkRunner(story: try InkCompiler.compile(source, file: "test.ink"))
    }

    @Test func aKeptLookaheadIsUndoneWhenTheHostLooks() throws {
        let runner = try runner("VAR gold = 0\nFirst.\n~ gold = gold + 1\nSecond.\n~ gold = gold + 1\nThird.\n")
        var seen: [InkValue] = []
        runner.observeVariable("gold") { _, value in seen.append(value) }
        #expect(try runner.continue() == "First.\n")
        // The look-ahead that found "Second." already added 1; it was kept, not rewound.
        #expect(runner.core.parked != nil)
        #expect(seen.isEmpty)
        #expect(runner.value(of: "gold") == .int(0))
        #expect(runner.core.parked == nil)
        #expect(try runner.continue() == "Second.\n")
        #expect(seen == [.int(1)])
        #expect(try runner.continue() == "Third.\n")
        #expect(seen == [.int(1), .int(2)])
        #expect(runner.value(of: "gold") == .int(2))
    }

    @Test func aKeptLookaheadLeavesTheNextLinesKnotsAndObserversToIt() throws {
        let runner = try runner("VAR n = 0\n-> a\n== a ==\nIn a.\n-> b\n== b ==\n~ n = 5\nIn b.\n-> END\n")
        var seen: [InkValue] = []
        runner.observeVariable("n") { _, value in seen.append(value) }
        #expect(try runner.continue() == "In a.\n")
        #expect(runner.core.parked != nil)
        #expect(runner.core.state.enteredKnots == [runner.story.container(atPath: "a")!.id])
        #expect(seen.isEmpty)
        #expect(try runner.continue() == "In b.\n")
        #expect(runner.knotsEntered == ["b"])
        #expect(seen == [.int(5)])
    }

    /// Every ink-proof case played three ways, line by line: rewinding every look-ahead (ink's
    /// way), keeping look-aheads and saving after every line (which settles them), and keeping
    /// them untouched. The lines, tags, warnings and choices agree, the saves after each line
    /// agree with the rewinding runner's, and so do the saves at the end.
    @Test(.enabled(if: InkCases.isAvailable, "\(InkCases.unavailableMessage)"))
    func keptLookaheadsPlayEveryCaseAsRewoundOnes() throws {
        var kept = 0
        for testCase in InkCases.all {
            let story = try testCase.story()
            let rewinding = try InkRunner(story: story, seed: InkCases.seed)
            rewinding.core.keepsLookaheads = false
            let settling = try InkRunner(story: story, seed: InkCases.seed)
            let keeping = try InkRunner(story: story, seed: InkCases.seed)
            var choices = testCase.input[...]
            var lines = 0
            while lines < 10_000 {
                while rewinding.canContinue && lines < 10_000 {
                    lines += 1
                    let expected = try rewinding.continue()
                    #expect(try settling.continue() == expected, "\(testCase.name) line \(lines)")
                    #expect(try keeping.continue() == expected, "\(testCase.name) line \(lines)")
                    if keeping.core.parked != nil { kept += 1 }
                    #expect(keeping.currentTags == rewinding.currentTags, "\(testCase.name) line \(lines)")
                    #expect(keeping.canContinue == rewinding.canContinue, "\(testCase.name) line \(lines)")
                    #expect(settling.saveState() == rewinding.saveState(), "\(testCase.name) line \(lines)")
                    #expect(keeping.core.state.warnings == rewinding.warnings, "\(testCase.name) line \(lines)")
                }
                let offered = rewinding.currentChoices.map(\.text)
                #expect(keeping.currentChoices.map(\.text) == offered, "\(testCase.name)")
                guard let choice = choices.popFirst(), offered.indices.contains(choice - 1) else { break }
                for runner in [rewinding, settling, keeping] { try runner.choose(choice - 1) }
            }
            #expect(keeping.saveState() == rewinding.saveState(), "\(testCase.name)")
            #expect(keeping.errors == rewinding.errors, "\(testCase.name)")
        }
        // Most cases' lines are followed by plain text, so most look-aheads are kept.
        #expect(kept > 100)
    }
}
