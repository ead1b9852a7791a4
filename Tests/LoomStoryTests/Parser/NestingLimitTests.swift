import LoomCore
import Testing

@testable import LoomStory

/// Hostile stories nest far deeper than any writer does; each is refused with one located
/// error instead of exhausting the stack of the parser, the checker or the code generator.
@Suite struct NestingLimitTests {
    func story(_ body: String) -> String { "title: Start\n---\n\(body)\n===\n" }

    /// The hostile line of each kind, built here so the test's name stays short.
    static func hostileLine(_ kind: String) -> String {
        switch kind {
        case "brackets":
            "<<set $a = " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000) + ">>"
        case "prefix operators": "<<set $a = " + String(repeating: "-", count: 100_000) + "1>>"
        case "negations": "<<set $b = " + String(repeating: "!", count: 100_000) + "true>>"
        case "calls":
            "<<set $a = " + String(repeating: "min(1, ", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
                + ">>"
        case "a chain of sums": "<<set $a = 1" + String(repeating: " + 1", count: 200_000) + ">>"
        default: "Total: {1" + String(repeating: " * 2", count: 5_000) + "}"
        }
    }

    @Test(arguments: ["brackets", "prefix operators", "negations", "calls", "a chain of sums", "an inline expression"])
    func deepExpressionsAreOneLocatedError(kind: String) {
        let line = Self.hostileLine(kind)
        let errors = StoryTesting.errors(story("<<declare $a = 0>>\n<<declare $b = false>>\n" + line))
        #expect(errors.count == 1, "\(kind): \(errors.prefix(3).map(\.description))")
        let error = errors.first
        #expect(error?.location?.line == 5, "\(kind)")
        #expect(error?.message.contains("expression nested too deeply (more than 128 levels") == true, "\(kind)")
    }

    @Test func deepBlocksAreOneLocatedError() {
        let depth = 10_000
        let body =
            (0..<depth).map { _ in "<<if true>>" }.joined(separator: "\n") + "\nDeep.\n"
            + (0..<depth).map { _ in "<<endif>>" }.joined(separator: "\n")
        let errors = StoryTesting.errors(story(body))
        #expect(errors.count == 1, "\(errors.prefix(3).map(\.description))")
        #expect(errors.first?.location?.line == 3 + 64)
        #expect(errors.first?.message.contains("blocks nested too deeply (more than 64 levels") == true)
        let options = (0..<200).map { String(repeating: "    ", count: $0) + "-> Option \($0)" }.joined(separator: "\n")
        #expect(StoryTesting.errors(story(options)).first?.message.contains("blocks nested too deeply") == true)
    }

    @Test func nestingUpToTheLimitsCompilesAndRuns() throws {
        let brackets = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        let sum = "1" + String(repeating: " + 1", count: 120)
        let ifs = (0..<60).map { _ in "<<if true>>" }.joined(separator: "\n")
        let ends = (0..<60).map { _ in "<<endif>>" }.joined(separator: "\n")
        let source = story("<<declare $a = 0>>\n<<set $a = \(brackets) + \(sum)>>\n\(ifs)\nA is {$a}.\n\(ends)")
        #expect(StoryTesting.errors(source).isEmpty)
        let runner = StoryRunner(story: try StoryTesting.compile(source), seed: Seed(1))
        try runner.setNode("Start")
        let transcript = try StoryTesting.transcript(runner, choices: [])
        #expect(transcript == ["[Start]", "A is 122.", "[/Start]", "(end)"])
    }
}
