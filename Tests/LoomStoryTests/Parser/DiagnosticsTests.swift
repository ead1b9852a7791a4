import LoomCore
import Testing

@testable import LoomStory

/// Every error is reported at once, each at its file, line and column.
@Suite struct DiagnosticsTests {
    @Test func reportsEveryErrorWithItsLocation() {
        let errors = StoryTesting.errors(
            """
            title: Start
            ---
            <<set $a = 1 + >>
            Hello {$b + 1
            <<if $a > "x">>
            <<endif>>
            <<jump>>
            ===
            """)
        let described = errors.map(\.description)
        #expect(described.contains("test.yarn:3:16: error: expected an expression"))
        #expect(described.contains { $0.hasPrefix("test.yarn:4:") && $0.contains("expected '}'") })
        #expect(described.contains { $0.hasPrefix("test.yarn:5:") && $0.contains("must be Number") })
        #expect(described.contains("test.yarn:7:7: error: expected a node name after 'jump'"))
    }

    @Test func unterminatedNodeAndCommandArePointedAt() {
        let errors = StoryTesting.errors("title: Start\n---\n<<wait 2\nLine\n")
        #expect(
            errors.map(\.description).contains(
                "test.yarn:3:9: error: expected '>>' to close the command started at 3:1"))
        #expect(errors.contains { $0.message.contains("expected '===' to end the node 'Start'") })
    }

    @Test func blockStructureErrors() {
        let errors = StoryTesting.errors(
            """
            title: Start
            ---
            <<if true>>
                Inside.
            <<endonce>>
            <<else>>
            ===
            """)
        #expect(errors.contains { $0.message.contains("expected <<endif>> to close the <<if>> at 3:1") })
        #expect(errors.allSatisfy { ($0.location?.line ?? 0) >= 1 && ($0.location?.column ?? 0) >= 1 })
    }

    @Test func typeErrorsAcrossStatements() {
        let errors = StoryTesting.errors(
            """
            title: Start
            ---
            <<declare $name = "Ada">>
            <<declare $count = 2 as string>>
            <<set $name = 3>>
            <<set $flag = true>>
            <<if $flag + 1>>
            <<endif>>
            {unknown_function_name()}
            ===
            """)
        let messages = errors.map(\.message)
        #expect(messages.contains { $0.contains("'$count' must be String, not Number") })
        #expect(messages.contains { $0.contains("cannot assign to '$name'") })
        #expect(messages.contains { $0.contains("must be Number, not Bool") || $0.contains("not Bool") })
        #expect(messages.contains { $0.contains("unknown_function_name") })
    }

    @Test func unknownJumpTargetIsAWarningAndARuntimeError() throws {
        let result = StoryCompiler.check([
            StorySource(name: "t.yarn", text: "title: Start\n---\n<<jump Nowhere>>\n===\n")
        ])
        #expect(result.diagnostics.map(\.description) == ["t.yarn:3:8: warning: no node is named 'Nowhere'"])
        let runner = StoryRunner(story: try #require(result.story))
        try runner.setNode("Start")
        #expect(try runner.continue() == .nodeStart("Start"))
        #expect(throws: LoomError.self) { _ = try runner.continue() }
    }

    @Test func compileThrowsAllErrorsInOneLoomError() {
        do {
            _ = try StoryTesting.compile("title: A\n---\n<<set $x = >>\n<<set $y = >>\n===\n")
            Issue.record("compiled")
        } catch let error as LoomError {
            #expect(error.kind == .story)
            #expect(error.diagnostics.count >= 2)
            #expect(error.description.hasPrefix("test.yarn:3:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
