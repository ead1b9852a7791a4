import LoomCore
import Testing

@testable import LoomStory

/// Language details Yarn Spinner documents beyond the shared conformance cases.
@Suite struct LanguageTests {
    func lines(_ source: String, functions: FunctionLibrary = FunctionLibrary()) throws -> [String] {
        let runner = StoryRunner(story: try StoryTesting.compile(source, functions: functions))
        try runner.setNode("Start")
        return try StoryTesting.transcript(runner, choices: []).filter { !$0.hasPrefix("[") && $0 != "(end)" }
    }

    @Test func backslashesBeforeOrdinaryCharactersStayLiteral() throws {
        let text = ##"""
            title: Start
            ---
            Mae: ¯\_(ツ)_/¯
            Mae: \o/ and :\
            Not\: a speaker, \{braces\}, \#tag, \/\/ and \\
            ===
            """##
        let actual = try lines(text)
        #expect(actual == [#"Mae: ¯\_(ツ)_/¯"#, #"Mae: \o/ and :\"#, #"Not: a speaker, {braces}, #tag, // and \"#])
    }

    @Test func unicodeIdentifiers() throws {
        let text = "title: Start\n---\n<<declare $实验 = 2>>\n<<declare $🧶 = 3>>\n{$实验 * $🧶}\n===\n"
        #expect(try lines(text) == ["6"])
    }

    @Test func inferredFunctionsAcceptEnumsOfTheSameRawType() {
        let text = """
            title: Start
            ---
            <<enum A>>
            <<case One>>
            <<endenum>>
            <<enum B>>
            <<case One>>
            <<endenum>>
            <<if some_function(A.One)>>
            <<endif>>
            <<if some_function(B.One)>>
            <<endif>>
            ===
            """
        #expect(StoryTesting.errors(text).isEmpty)
        #expect(
            !StoryTesting.errors(text.replacingOccurrences(of: "some_function(B.One)", with: "some_function(\"x\")"))
                .isEmpty)
    }

    @Test func enumRawValuesMustBeUniqueAndOfOneType() {
        let duplicate = StoryTesting.errors(
            "title: Start\n---\n<<enum F>>\n<<case A = \"x\">>\n<<case B = \"x\">>\n<<endenum>>\n===\n")
        #expect(
            duplicate.map(\.description) == ["test.yarn:5:8: error: enum 'F' already has a case with the raw value x"])
        let mixed = StoryTesting.errors(
            "title: Start\n---\n<<enum F>>\n<<case A = 1>>\n<<case B = \"x\">>\n<<endenum>>\n===\n")
        #expect(!mixed.isEmpty)
    }

    @Test func shadowLinesCannotHaveExpressions() {
        let errors = StoryTesting.errors("title: Start\n---\nA {1} #line:a\nA {1} #shadow:a\n===\n")
        #expect(errors.map(\.description) == ["test.yarn:4:1: error: a shadow line cannot contain inline expressions"])
    }

    @Test func nodeGroupMembersNeedUniqueSubtitles() {
        let text = """
            title: N
            subtitle: S
            when: always
            ---
            One.
            ===
            title: N
            subtitle: S
            when: always
            ---
            Two.
            ===
            """
        #expect(
            StoryTesting.errors(text).map(\.description) == ["test.yarn:7:8: error: a node named 'N.S' already exists"])
    }

    @Test func visitCountsCountCompletedVisits() throws {
        let text = """
            title: Start
            ---
            <<jump Second>>
            ===
            title: Second
            ---
            <<if visited_count("Second") < 3>>
            Visit {visited_count("Second")}
            <<jump Second>>
            <<endif>>
            Total {visited_count("Second")}
            ===
            """
        #expect(try lines(text) == ["Visit 0", "Visit 1", "Visit 2", "Total 3"])
    }

    @Test func nodeGroupsCountTheirMembersVisits() throws {
        let text = """
            title: Start
            ---
            {visited_count("Group")}
            <<detour Group>>
            {visited_count("Group")} {visited("Group")}
            <<detour Group>>
            {visited_count("Group")}
            ===
            title: Group
            when: always
            ---
            In the group.
            ===
            """
        #expect(try lines(text) == ["0", "In the group.", "1 True", "In the group.", "2"])
    }
}
