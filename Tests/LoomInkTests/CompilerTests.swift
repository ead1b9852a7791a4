import LoomCore
import Testing

@testable import LoomInk

@Suite("ink compiler")
struct CompilerTests {
    static let crossing = """
        VAR hp = 2
        -> river
        === river ===
        Should you cross the river?
        *   [Yes] You wade in. -> drowned
        *   [No]
            You follow the bank{hp > 1: and feel strong|}.
            -> END
        === drowned ===
        The current takes you. # ending: sad
        -> END
        """

    @Test func compiledStoryPlaysItsTranscript() throws {
        let story = try InkCompiler.compile(Self.crossing, file: "crossing.ink")
        #expect(
            InkTranscript.play(try InkRunner(story: story), choices: [1]) == """
                Should you cross the river?

                1: Yes
                2: No
                ?> You wade in. The current takes you.
                # tags: ending: sad

                """)
        #expect(
            InkTranscript.play(try InkRunner(story: story), choices: [2]) == """
                Should you cross the river?

                1: Yes
                2: No
                ?> You follow the bank and feel strong.

                """)
    }

    @Test func writesInksJSONRuntimeFormat() throws {
        let story = try InkCompiler.compile("Hello, {x}!\nVAR x = 3\n", file: "hello.ink")
        #expect(
            story.json()
                == #"{"inkVersion":21,"root":[["^Hello, ","ev",{"VAR?":"x"},"out","/ev","^!","\n",null],"done",{"global decl":["ev",3,{"VAR=":"x"},"/ev","end",null]}],"listDefs":{}}"#
        )
    }

    @Test func reportsEveryErrorWithItsLocation() {
        let source = """
            Hello {name
            -> nowhere
            VAR x =
            ~ y = 5
            == knot
            * [unclosed
            """
        #expect {
            try InkCompiler.compile(source, file: "story.ink")
        } throws: { error in
            guard let error = error as? LoomError else { return false }
            return error.description == """
                story.ink:1:7: error: expected '}' to close the '{' opened at 1:7
                story.ink:2:4: error: divert target not found: 'nowhere'
                story.ink:3:8: error: expected an expression
                story.ink:4:3: error: unresolved variable 'y'
                story.ink:6:12: error: expected ']' to close the choice-only text before the end of the line
                """
        }
    }

    /// Braces hold an expression, a conditional or a sequence of two or more elements, as
    /// inklecate requires: an unfinished call or a lone text in braces is a located error, not
    /// text printed as written.
    @Test func unclosedBracketsInBracesAreLocatedErrors() {
        let source = """
            Hi {shout("a", 2}.
            And {hello there} too.
            {(1 + 2}
            {shout("fine", 1)} {a|} {~b} {true: yes}
            -> END
            === function shout(a, b)
            ~ return a
            """
        #expect {
            try InkCompiler.compile(source, file: "story.ink")
        } throws: { error in
            guard let error = error as? LoomError else { return false }
            return error.description == """
                story.ink:1:17: error: expected ')' to close the arguments, found '}'
                story.ink:2:5: error: expected an expression, a conditional or a sequence ('a|b') inside the '{' opened at 2:5 (write '\\{' for a brace in text)
                story.ink:3:8: error: expected ')' to close the parenthesis
                """
        }
    }

    @Test func includesAreReadWhereTheyStand() throws {
        let files = ["intro.ink": "Once upon a time.\n", "end.ink": "== ending ==\nThe end.\n-> END\n"]
        let story = try InkCompiler.compile("INCLUDE intro.ink\nINCLUDE end.ink\n-> ending\n", file: "main.ink") {
            guard let text = files[$0] else { throw LoomError(.io, "no file \($0)") }
            return text
        }
        #expect(InkTranscript.play(try InkRunner(story: story), choices: []) == "Once upon a time.\nThe end.\n")
    }

    @Test func aMissingIncludeIsALocatedError() {
        #expect {
            try InkCompiler.compile("Hi.\nINCLUDE missing.ink\n", file: "main.ink")
        } throws: { error in
            (error as? LoomError)?.location == SourceLocation(file: "main.ink", line: 2, column: 1)
        }
    }

    @Test func functionsWithReferenceParametersAndLists() throws {
        let source = """
            LIST moods = calm, (cross), furious
            VAR total = 0
            ~ addTwice(total, 4)
            {total} {moods} {moods + 1} {LIST_ALL(moods)}
            == function addTwice(ref sum, n)
            ~ sum += n * 2
            """
        let story = try InkCompiler.compile(source, file: "f.ink")
        #expect(
            InkTranscript.play(try InkRunner(story: story), choices: []) == "8 cross furious calm, cross, furious\n")
    }
}
