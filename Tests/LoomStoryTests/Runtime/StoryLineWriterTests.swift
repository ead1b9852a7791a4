import Foundation
import LoomCore
import Testing

@testable import LoomStory

/// Holds the runner a host function writes through (set after the runner is made).
private final class WritingBox: @unchecked Sendable {
    weak var runner: StoryRunner?
}

/// Writes `<function>:<first argument>:<seed>` and remembers every call it was asked for.
private final class RecordingWriter: StoryLineWriter {
    var calls: [StoryTextCall] = []
    func write(_ call: StoryTextCall) throws -> String {
        calls.append(call)
        return "\(call.function):\(call.arguments.first?.description ?? ""):\(call.seed.rawValue % 1000)"
    }
}

@Suite struct StoryLineWriterTests {
    static let source = """
        title: Start
        ---
        A {line("one")} B {line("two")}
        -> Again
            <<jump Start>>
        -> Stop
        ===
        """

    private static func runner(_ box: WritingBox, seed: UInt64 = 5) throws -> StoryRunner {
        var functions = FunctionLibrary()
        functions.register("line", parameters: [.string], returns: .string) { args in
            guard let runner = box.runner else { return .string("no runner") }
            return .string(try runner.writeText("line", args))
        }
        let story = try StoryTesting.compile(source, functions: functions)
        let runner = StoryRunner(story: story, functions: functions, seed: Seed(seed))
        box.runner = runner
        return runner
    }

    /// The text of the next line the runner shows.
    private static func firstLine(_ runner: StoryRunner) throws -> String {
        for _ in 0..<100 {
            if case .line(let line) = try runner.continue() { return line.text }
        }
        Issue.record("no line within 100 events")
        return ""
    }

    @Test func callsAreKeyedByCallSiteSeededAndKept() throws {
        let box = WritingBox()
        let runner = try Self.runner(box)
        let writer = RecordingWriter()
        runner.lineWriter = writer
        try runner.setNode("Start")
        let lines = try StoryTesting.transcript(runner, choices: [1, 2]).filter { !$0.hasPrefix("[") }
        // Two calls on each of two visits: four writes, each under its own call site.
        #expect(writer.calls.count == 4)
        let keys = writer.calls.compactMap(\.key)
        #expect(keys.count == 4 && Set(keys).count == 4)
        #expect(keys[0].hasPrefix("Start@") && keys[0].hasSuffix("#0"))
        #expect(keys[2] == keys[0].replacingOccurrences(of: "#0", with: "#1"))
        for call in writer.calls {
            #expect(call.seed == Seed(5).derive("text").derive(call.key!))
            #expect(runner.generatedText[call.key!] == "line:\(call.arguments[0]):\(call.seed.rawValue % 1000)")
        }
        #expect(lines[0] == "A \(runner.generatedText[keys[0]]!) B \(runner.generatedText[keys[1]]!)")
    }

    @Test func aLoadedSaveWritesNothingAgain() throws {
        let runner = try Self.runner(WritingBox())
        runner.lineWriter = RecordingWriter()
        try runner.setNode("Start")
        let played = try Self.firstLine(runner)
        let save = try runner.saveState().encoded()

        let restored = try Self.runner(WritingBox())
        let writer = RecordingWriter()
        restored.lineWriter = writer
        try restored.load(try StoryState.decode(save))
        try restored.setNode("Start")
        let replayed = try Self.firstLine(restored)
        #expect(replayed == played)
        #expect(writer.calls.isEmpty, "every call was found in the loaded text")
    }

    @Test func outsideACallSiteTheSeedComesFromTheCallAndNothingIsKept() throws {
        let box = WritingBox()
        let runner = try Self.runner(box)
        let writer = RecordingWriter()
        runner.lineWriter = writer
        let text = try runner.writeText("line", [.string("loose")])
        #expect(writer.calls.count == 1 && writer.calls[0].key == nil)
        #expect(writer.calls[0].seed == Seed(5).derive("text").derive("line\u{1F}loose"))
        #expect(text == "line:loose:\(writer.calls[0].seed.rawValue % 1000)")
        #expect(runner.generatedText.isEmpty)
        _ = try runner.writeText("line", [.string("loose")])
        #expect(writer.calls.count == 2)
    }

    @Test func withoutAWriterACallIsAnError() throws {
        let box = WritingBox()
        let runner = try Self.runner(box)
        try runner.setNode("Start")
        var thrown: (any Error)?
        do { _ = try Self.firstLine(runner) } catch { thrown = error }
        let error = try #require(thrown as? LoomError)
        #expect(error.message.contains("no text generator is set to write 'line'"), "\(error.message)")
    }

    @Test func aPlainGeneratorFillsTheSlot() throws {
        let runner = try Self.runner(WritingBox())
        #expect(runner.textGenerator == nil)
        runner.textGenerator = EchoGenerator()
        #expect(runner.lineWriter is TextGeneratorLineWriter)
        #expect(runner.textGenerator is EchoGenerator)
        runner.lineWriter = RecordingWriter()
        #expect(runner.textGenerator == nil)
    }

    @Test func aKeyedTextCallCarriesItsTokenBudgetToAPlainGenerator() throws {
        let runner = try Self.runner(WritingBox())
        let budgets = BudgetLog()
        runner.textGenerator = BudgetGenerator(log: budgets)
        _ = try runner.generatedText(key: "short", prompt: "a b c d e f", maxTokens: 3)
        _ = try runner.generatedText(key: "default", prompt: "a b c")
        _ = try runner.writeText("line", [.string("x")])
        #expect(budgets.seen == [3, 64, 64])
        #expect(try runner.generatedText(key: "short", prompt: "other", maxTokens: 9) == "a b c")
        #expect(budgets.seen == [3, 64, 64])
    }
}

/// The token budgets a `BudgetGenerator` was asked for, in order.
private final class BudgetLog: @unchecked Sendable {
    var seen: [Int] = []
}

/// Continues a prompt with its first `maxTokens` words, logging each request's budget.
private struct BudgetGenerator: TextGenerator {
    let log: BudgetLog
    func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        log.seen.append(request.maxTokens)
        let words = request.prompt.split(separator: " ").prefix(request.maxTokens).joined(separator: " ")
        return BufferedTokenStream(words: words)
    }
}

/// Continues a prompt with itself.
private struct EchoGenerator: TextGenerator {
    func makeStream(for request: TextRequest) throws -> any TextTokenStream {
        BufferedTokenStream(words: request.prompt)
    }
}
