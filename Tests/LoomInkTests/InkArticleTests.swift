import Foundation
import LoomCore
import LoomInk
import LoomTestSupport
import Testing

/// The ```swift block of LoomInk's DocC article, verbatim between its markers
/// (`DocSnippetCoverageTests` in LoomTests checks that every block is one), run on a small
/// story written to `story/main.ink` in a fresh current folder.
@Suite(.serialized) struct InkArticleTests {
    static let story = """
        The lamp is out. # place: crypt
        * Light it
          The wick catches.
        * Leave it
          The dark stays.
        - The night goes on.
        * Wait for dawn
        * Sleep
        - -> END
        """

    /// The story played taking the first choice each time.
    static let played = "The lamp is out.\nLight it\nThe wick catches.\nThe night goes on.\nWait for dawn\n"

    @Test func theArticlesLoopPlaysTheStory() throws {
        var output = ""
        func print(_ text: String, terminator: String) { output += text + terminator }
        try Self.inFreshFolder(files: ["story/main.ink": Self.story]) {
            // snippet LoomInk.md
            let story = try InkCompiler.compile(file: "story/main.ink")
            let runner = try InkRunner(story: story, seed: Seed(42))
            while true {
                while runner.canContinue { print(try runner.continue(), terminator: "") }
                guard let choice = runner.currentChoices.first else { break }
                try runner.choose(choice.index)
            }
            // end snippet
        }
        #expect(output == Self.played)
    }

    @Test func theGraphsExampleWritesADotFile() throws {
        let source = GraphTests.source
        try Self.inFreshFolder(files: [:]) {
            // example Sources/LoomInk/Graph/InkGraph.swift
            let graph = InkGraph(story: try InkCompiler.compile(source))
            try AtomicFile.write(graph.dot(), to: "story.dot")
            // end example
            let written = try AtomicFile.readText("story.dot")
            #expect(written.hasPrefix("digraph story {") && written.contains("\"hall\" -> \"stairs\""))
        }
    }

    /// The ```swift examples of LoomInk's `///` comments, verbatim between
    /// `// example SOURCE-FILE` and `// end example`: compile, write the runtime JSON, load it
    /// back and play it.
    @Test func theDocCommentExamplesRun() throws {
        var output = ""
        func print(_ text: String, terminator: String) { output += text + terminator }
        let source = Self.story
        try Self.inFreshFolder(files: [:]) {
            // example Sources/LoomInk/Compiler/InkCompiler.swift
            let story = try InkCompiler.compile("VAR name = \"Wren\"\nHello, {name}!\n", file: "hello.ink")
            try AtomicFile.write(story.json(), to: "hello.json")
            // end example
            try AtomicFile.write(try InkCompiler.compile(source).json(), to: "story.json")
            let hello = try InkRunner(story: try InkStory(json: try AtomicFile.readText("hello.json")))
            #expect(try hello.continue() == "Hello, Wren!\n")
            do {
                // example Sources/LoomInk/Runtime/InkStory.swift
                let story = try InkStory(json: try AtomicFile.readText("story.json"), file: "story.json")
                let runner = try InkRunner(story: story, seed: Seed(42))
                while runner.canContinue { print(try runner.continue(), terminator: "") }
                // end example
                #expect(
                    output == "The lamp is out.\n" && runner.currentChoices.map(\.text) == ["Light it", "Leave it"])
            }
            output = ""
            // example Sources/LoomInk/Runtime/InkRunner.swift
            let runner = try InkRunner(story: try InkCompiler.compile(source), seed: Seed(42))
            while true {
                while runner.canContinue { print(try runner.continue(), terminator: "") }
                guard let choice = runner.currentChoices.first else { break }
                try runner.choose(choice.index)
            }
            // end example
            #expect(output == Self.played)
        }
    }

    /// Runs `body` with the current folder set to a new temporary folder holding `files`, one
    /// such test at a time in the whole test process.
    static func inFreshFolder(files: [String: String], _ body: () throws -> Void) throws {
        try CurrentFolder.withTemporaryFolder(prefix: "loom-ink-snippet", files: files, body)
    }
}
