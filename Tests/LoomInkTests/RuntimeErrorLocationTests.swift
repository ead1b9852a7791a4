import LoomCore
import Testing

@testable import LoomInk

/// Runtime errors name where they happened: the source line of a story compiled from source,
/// the file and content path of one read from JSON.
@Suite("ink runtime errors are located")
struct RuntimeErrorLocationTests {
    static let failing = """
        Line one.
        -> harbour
        === harbour ===
        The tide turns.
        ~ temp x = RANDOM(1.5, 3)
        Never.
        """

    /// Plays `runner` to where it stops and returns its error.
    private func stop(_ runner: InkRunner) throws -> LoomError {
        while runner.canContinue { try runner.continue() }
        return try #require(runner.runtimeError)
    }

    @Test func aFailingLogicLineIsNamedInTheSource() throws {
        let runner = try InkRunner(story: try InkCompiler.compile(Self.failing, file: "story.ink"))
        let error = try stop(runner)
        #expect(error.kind == .runtime)
        #expect(error.message == "RANDOM expects whole-number bounds")
        #expect(error.location == SourceLocation(file: "story.ink", line: 5, column: 1))
        #expect(error.description == "story.ink:5:1: error: RANDOM expects whole-number bounds")
        // The transcript keeps inklecate's wording.
        #expect(runner.errors == ["RANDOM expects whole-number bounds"])
    }

    @Test func runningOutOfContentIsNamedAtTheLastLine() throws {
        let source = "-> knot\n== knot\nText.\n"
        let runner = try InkRunner(story: try InkCompiler.compile(source, file: "runout.ink"))
        let error = try stop(runner)
        #expect(error.message.hasPrefix("ran out of content"))
        #expect(error.location == SourceLocation(file: "runout.ink", line: 3, column: 1))
    }

    @Test func anIncludedFileIsNamed() throws {
        let story = try InkCompiler.compile("INCLUDE harbour.ink\n-> harbour\n", file: "main.ink") { _ in
            "=== harbour ===\nThe tide turns.\n~ temp x = RANDOM(1.5, 3)\n"
        }
        let error = try stop(try InkRunner(story: story))
        #expect(error.location == SourceLocation(file: "harbour.ink", line: 3, column: 1))
    }

    @Test func aJSONStoryKeepsTheFileAndThePath() throws {
        let compiled = try InkCompiler.compile(Self.failing, file: "story.ink")
        let story = try InkStory(json: compiled.json(), file: "story.json")
        let error = try stop(try InkRunner(story: story))
        #expect(error.location == SourceLocation(file: "story.json"))
        #expect(error.message.hasPrefix("RANDOM expects whole-number bounds (at harbour."))
    }

    @Test func noErrorNoRuntimeError() throws {
        let runner = try InkRunner(story: try InkCompiler.compile("Hello.\n-> END\n", file: "story.ink"))
        _ = try runner.continueMaximally()
        #expect(runner.runtimeError == nil)
    }
}
