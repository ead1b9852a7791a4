import LoomCore
import Testing

@testable import LoomStory

/// Smart variables are written out where they are used; those that would stand for a huge
/// expression are refused quickly, with their location, instead of hanging the compiler.
@Suite struct SmartVariableLimitTests {
    func declarations(_ count: Int, _ value: (Int) -> String) -> String {
        "<<declare $v0 = 1>>\n" + (1...count).map { "<<declare $v\($0) = \(value($0))>>" }.joined(separator: "\n")
    }

    @Test func aChainThatDoublesAtEachStepIsRefusedQuickly() {
        // $v30 would stand for 2^31 - 1 nodes; $v16 is the first past 100,000 (2^17 - 1).
        let errors = StoryTesting.errors(
            "title: Start\n---\n" + declarations(30) { "$v\($0 - 1) + $v\($0 - 1)" } + "\nTotal {$v30}.\n===\n")
        #expect(errors.count == 15, "\(errors.map(\.description).prefix(3))")
        let first = errors.first
        #expect(first?.message.contains("the smart variable '$v16' stands for more than 100000 operations") == true)
        #expect(first?.location?.line == 19)
    }

    @Test func aLongChainIsLinearAndRefusedWhenTooDeep() {
        let errors = StoryTesting.errors(
            "title: Start\n---\n" + declarations(20_000) { "$v\($0 - 1) + 1" } + "\nTotal {$v20000}.\n===\n")
        #expect(errors.allSatisfy { $0.message.contains("or 512 levels once the smart variables it reads") })
        #expect(errors.count > 19_000)
    }

    @Test func loopsAreReportedForEveryVariableInThem() {
        let errors = StoryTesting.errors(
            """
            title: Start
            ---
            <<declare $a = $b + 1>>
            <<declare $b = $c + 1>>
            <<declare $c = $a + 1>>
            <<declare $d = 3 + 1>>
            <<declare $e = $d * 2>>
            Value {$e}.
            ===
            """)
        #expect(
            errors.map(\.message).sorted() == ["$a", "$b", "$c"].map { "the smart variable '\($0)' depends on itself" })
    }

    @Test func ordinarySmartVariablesCompileAndRun() throws {
        let text = "title: Start\n---\n" + declarations(40) { "$v\($0 - 1) + \($0)" } + "\nTotal {$v40}.\n===\n"
        let runner = StoryRunner(story: try StoryTesting.compile(text), seed: Seed(1))
        try runner.setNode("Start")
        let transcript = try StoryTesting.transcript(runner, choices: [])
        #expect(transcript == ["[Start]", "Total 821.", "[/Start]", "(end)"])
    }
}
