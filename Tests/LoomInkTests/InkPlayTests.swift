import LoomCore
import Testing

@testable import LoomInk

/// The one play loop reports each step, and ends with the event that stopped it.
@Suite("ink play events")
struct InkPlayTests {
    /// Plays `source` with `choices` and returns every event in words, then `last` and the last.
    private func events(_ choices: [Int], source: String = CompilerTests.crossing) throws -> [String] {
        var remaining = choices[...]
        var seen: [String] = []
        let runner = try InkRunner(story: try InkCompiler.compile(source, file: "story.ink"))
        let last = InkPlay.run(runner, choices: { remaining.popFirst() }) { seen.append(describe($0)) }
        return seen + ["last " + describe(last)]
    }

    private func describe(_ event: InkPlayEvent) -> String {
        switch event {
        case .line(let text, let tags): "line \(text.debugDescription) \(tags)"
        case .choices(let offered): "choices \(offered.map(\.text))"
        case .chose(let number): "chose \(number)"
        case .end: "end"
        case .outOfChoices: "out of choices"
        case .invalidChoice(let number): "invalid \(number)"
        case .storyErrors(let messages, let error): "errors \(messages) at \(error)"
        case .failed(let error): "failed \(error)"
        }
    }

    @Test func aChoiceLeadsToTheEnd() throws {
        #expect(
            try events([1]) == [
                #"line "Should you cross the river?\n" []"#, #"choices ["Yes", "No"]"#, "chose 1",
                #"line "You wade in. The current takes you.\n" ["ending: sad"]"#, "end", "last end",
            ])
    }

    @Test func theChoicesRunOutOrAreNotOffered() throws {
        #expect(try events([]).suffix(3) == [#"choices ["Yes", "No"]"#, "out of choices", "last out of choices"])
        #expect(try events([3]).suffix(3) == [#"choices ["Yes", "No"]"#, "invalid 3", "last invalid 3"])
        #expect(try events([0]).suffix(2) == ["invalid 0", "last invalid 0"])
    }

    @Test func aRuntimeErrorIsReportedWithItsLocation() throws {
        let error =
            #"errors ["RANDOM expects whole-number bounds"] at "#
            + "story.ink:5:1: error: RANDOM expects whole-number bounds"
        #expect(try events([], source: RuntimeErrorLocationTests.failing).suffix(2) == [error, "last " + error])
    }

    /// The transcript ends quietly, as the end, at a number that is not offered.
    @Test func theTranscriptTreatsANumberNotOfferedAsTheEnd() throws {
        var out = ""
        let runner = try InkRunner(story: try InkCompiler.compile(CompilerTests.crossing, file: "story.ink"))
        var given = false
        let finished = InkTranscript.play(
            runner,
            choices: {
                defer { given = true }
                return given ? nil : 3
            }, write: { out += $0 })
        #expect(finished)
        #expect(out == "Should you cross the river?\n\n1: Yes\n2: No\n?> ")
    }
}
