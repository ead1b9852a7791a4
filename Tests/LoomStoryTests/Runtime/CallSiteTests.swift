import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// Holds the runner a host function asks for its call site (set after the runner is made).
private final class RunnerBox: @unchecked Sendable {
    weak var runner: StoryRunner?
}

@Suite struct CallSiteTests {
    @Test func hostFunctionsSeeTheirNodeOffsetAndVisit() throws {
        let box = RunnerBox()
        var functions = FunctionLibrary()
        functions.register("place", parameters: [], returns: .string) { _ in
            .string(box.runner?.currentCallSite?.key ?? "none")
        }
        let story = try StoryTesting.compile(
            """
            title: Start
            ---
            A {place()} B {place()}
            <<set $p = place()>>
            {$p}
            <<if visited("Start") == false>>
            <<jump Start>>
            <<endif>>
            ===
            """, functions: functions)
        let runner = StoryRunner(story: story, functions: functions, seed: Seed(1))
        box.runner = runner
        #expect(runner.currentCallSite == nil)
        try runner.setNode("Start")
        let lines = try StoryTesting.transcript(runner, choices: []).filter { !$0.hasPrefix("[") }
        #expect(lines.count == 5)
        let first = lines[0].split(separator: " ").map(String.init)
        #expect(first[1].hasPrefix("Start@") && first[1].hasSuffix("#0"))
        #expect(first[1] != first[3])
        #expect(lines[1].hasSuffix("#0") && lines[1] != first[1])
        // The second visit calls from the same offsets with a visit count of 1.
        #expect(lines[2] == lines[0].replacingOccurrences(of: "#0", with: "#1"))
        #expect(lines[3] == lines[1].replacingOccurrences(of: "#0", with: "#1"))
        #expect(runner.currentCallSite == nil)
    }
}
