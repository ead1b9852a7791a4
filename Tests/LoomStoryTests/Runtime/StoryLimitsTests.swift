import LoomCore
import Testing

@testable import LoomStory

/// A broken or hostile story ends in a located `.budget` error instead of running forever.
@Suite struct StoryLimitsTests {
    /// Plays `text` from Start, taking the first option, until the end or an error.
    func play(_ text: String, limits: StoryLimits = StoryLimits()) throws -> [String] {
        let runner = StoryRunner(story: try StoryTesting.compile(text), seed: Seed(1))
        runner.limits = limits
        try runner.setNode("Start")
        return try StoryTesting.transcript(runner, choices: [], limit: 1_000_000)
    }

    func budgetError(_ text: String, limits: StoryLimits = StoryLimits()) throws -> LoomError {
        try #require(throws: LoomError.self) { _ = try play(text, limits: limits) }
    }

    @Test func aNodeThatDetoursIntoItselfStopsAtTheDetourLimit() throws {
        let error = try budgetError("title: Start\n---\nDeeper.\n<<detour Start>>\n===\n")
        #expect(error.kind == .budget)
        #expect(error.location?.file == "test.yarn")
        #expect(error.location?.line == 4, "the line of the <<detour>>")
        #expect(error.message.contains("in node 'Start': detours nested 256 deep"))
        let shallow = try budgetError(
            "title: Start\n---\n<<detour Start>>\n===\n", limits: StoryLimits(maximumDetourDepth: 8))
        #expect(shallow.message.contains("StoryLimits.maximumDetourDepth is 8"))
    }

    @Test func aJumpLoopWithoutLinesStopsAtTheInstructionLimit() throws {
        let loop =
            "title: Start\n---\n<<jump Other>>\n===\ntitle: Other\n---\n<<set $n = $n + 1>>\n<<jump Start>>\n===\n"
        let error = try budgetError(
            "title: Setup\n---\n<<declare $n = 0>>\n===\n" + loop,
            limits: StoryLimits(maximumInstructionsBetweenEvents: 10_000))
        #expect(error.message.contains("10000 instructions ran without a line, options or a command"))
        #expect(error.message.contains("in node '"))
    }

    @Test func aStringDoubledInALoopStopsAtTheLengthLimit() throws {
        let text = """
            title: Start
            ---
            <<declare $s = "ab">>
            <<jump Grow>>
            ===
            title: Grow
            ---
            <<set $s = $s + $s>>
            <<jump Grow>>
            ===
            """
        let error = try budgetError(text)
        #expect(error.message.contains("in node 'Grow': a string grew to 2097152 bytes, past the limit of 1048576"))
    }

    @Test func storiesThatStayInsideTheLimitsPlayAsBefore() throws {
        let text = """
            title: Start
            ---
            <<declare $n = 0>>
            <<detour Count>>
            <<detour Count>>
            Counted {$n}.
            ===
            title: Count
            ---
            <<set $n = $n + 1>>
            ===
            """
        #expect(
            try play(text) == [
                "[Start]", "[Count]", "[/Count]", "[Count]", "[/Count]", "Counted 2.", "[/Start]", "(end)",
            ])
        // Many instructions spread over lines never add up: the count starts again at each line.
        let lines = (0..<50).map { "Line \($0)." }.joined(separator: "\n")
        let limits = StoryLimits(maximumInstructionsBetweenEvents: 8)
        #expect(try play("title: Start\n---\n\(lines)\n===\n", limits: limits).count == 53)
    }

    @Test("a host function's error without a place of its own gets the line of its call")
    func hostFunctionErrorsAreLocated() throws {
        var library = FunctionLibrary()
        library.register("fail", parameters: [], returns: .string) { _ in
            throw LoomError(.runtime, "the host refused")
        }
        let source = "title: Start\n---\nFirst line.\nSecond {fail()} line.\n===\n"
        let story = try StoryCompiler.compile([StorySource(name: "test.yarn", text: source)], functions: library)
        let runner = StoryRunner(story: story, functions: library, seed: Seed(1))
        try runner.setNode("Start")
        let error = try #require(throws: LoomError.self) {
            while try runner.continue() != .end {}
        }
        #expect(error.message == "the host refused")
        #expect(error.location == SourceLocation(file: "test.yarn", line: 4))
    }
}
