import LoomCore
import Testing

@testable import LoomStory

@Suite struct RuntimeTests {
    @Test func typedHostFunctionsAndCommandHandlers() throws {
        var functions = FunctionLibrary()
        functions.register("greet") { (name: String, times: Int) in String(repeating: "hi \(name) ", count: times) }
        functions.register("is_day") { true }
        let story = try StoryTesting.compile(
            """
            title: Start
            ---
            <<if is_day()>>
            {greet("Ada", 2)}
            <<endif>>
            <<shake 2 "very hard">>
            <<unknown_command>>
            ===
            """, functions: functions)
        let runner = StoryRunner(story: story, functions: functions)
        var shaken: [String] = []
        runner.registerCommand("shake") { shaken = $0 }
        try runner.setNode("Start")
        let events = try StoryTesting.transcript(runner, choices: [])
        #expect(events == ["[Start]", "hi Ada hi Ada ", "<<unknown_command>>", "[/Start]", "(end)"])
        #expect(shaken == ["shake", "2", "very hard"])
    }

    @Test func missingHostFunctionIsARuntimeError() throws {
        var functions = FunctionLibrary()
        functions.register("later") { 1.0 }
        let story = try StoryTesting.compile("title: Start\n---\n{later()}\n===\n", functions: functions)
        let runner = StoryRunner(story: story)
        try runner.setNode("Start")
        _ = try runner.continue()
        #expect(throws: LoomError.self) { _ = try runner.continue() }
    }

    struct Recorder: StoryEventHandler {
        final class Log { var lines: [String] = [] }
        let log = Log()
        func handleLine(_ line: StoryLine) throws { log.lines.append(line.text) }
        func chooseOption(_ options: [StoryOption]) throws -> Int? { options.last { $0.isAvailable }?.index }
        func dialogueEnded() throws { log.lines.append("(end)") }
    }

    @Test func eventHandlerAPIMatchesPullAPI() throws {
        let story = try StoryTesting.compile(
            "title: Start\n---\nHello.\n-> A\n    Chose A.\n-> B\n    Chose B.\n-> C <<if false>>\nBye.\n===\n")
        let runner = StoryRunner(story: story)
        try runner.setNode("Start")
        let recorder = Recorder()
        try runner.run(recorder)
        #expect(recorder.log.lines == ["Hello.", "Chose B.", "Bye.", "(end)"])
    }

    @Test func unavailableOptionsAreReportedAndCannotBeChosen() throws {
        let story = try StoryTesting.compile("title: Start\n---\n-> Yes <<if false>>\n-> No\n===\n")
        let runner = StoryRunner(story: story)
        try runner.setNode("Start")
        _ = try runner.continue()
        guard case .options(let options) = try runner.continue() else {
            Issue.record("expected options")
            return
        }
        #expect(options.map(\.isAvailable) == [false, true])
        #expect(throws: LoomError.self) { try runner.selectOption(0) }
        #expect(throws: LoomError.self) { _ = try runner.continue() }
        try runner.selectOption(1)
    }

    @Test func skippingAnOptionSetFallsThrough() throws {
        let story = try StoryTesting.compile("title: Start\n---\n-> Yes\n    Chose yes.\nAfter.\n===\n")
        let runner = StoryRunner(story: story)
        try runner.setNode("Start")
        _ = try runner.continue()
        guard case .options = try runner.continue() else {
            Issue.record("expected options")
            return
        }
        try runner.skipOptions()
        guard case .line(let line) = try runner.continue() else {
            Issue.record("expected a line")
            return
        }
        #expect(line.text == "After.")
        #expect(throws: LoomError.self) { try runner.skipOptions() }
    }

    @Test func reentrantContinueIsRefused() throws {
        let story = try StoryTesting.compile("title: Start\n---\n<<nest>>\n===\n")
        let runner = StoryRunner(story: story)
        var inner: Error?
        runner.registerCommand("nest") { _ in
            do { _ = try runner.continue() } catch { inner = error }
        }
        try runner.setNode("Start")
        _ = try StoryTesting.transcript(runner, choices: [])
        #expect(inner is LoomError)
    }

    @Test func saliencyStrategiesChooseAsDocumented() throws {
        let source = """
            title: Start
            ---
            <<declare $a = true>>
            => Plain.
            => Conditioned. <<if $a>>
            => Both. <<if $a and not false>>
            ===
            """
        let story = try StoryTesting.compile(source)
        func lines(_ strategy: SaliencyStrategy, plays: Int = 4, seed: UInt64 = 0) throws -> [String] {
            let runner = StoryRunner(story: story, seed: Seed(seed))
            runner.saliencyStrategy = strategy
            var result: [String] = []
            for _ in 0..<plays {
                try runner.setNode("Start")
                result += try StoryTesting.transcript(runner, choices: []).filter {
                    !$0.hasPrefix("[") && $0 != "(end)"
                }
            }
            return result
        }
        #expect(try lines(.first) == ["Plain.", "Plain.", "Plain.", "Plain."])
        #expect(try lines(.best) == ["Both.", "Both.", "Both.", "Both."])
        #expect(try lines(.bestLeastRecentlySeen) == ["Both.", "Conditioned.", "Plain.", "Both."])
        let random = try lines(.randomBestLeastRecentlySeen, plays: 3, seed: 3)
        #expect(Set(random).count == 3)
        #expect(
            try lines(.randomBestLeastRecentlySeen, plays: 9, seed: 3)
                == lines(.randomBestLeastRecentlySeen, plays: 9, seed: 3))
    }

    @Test func jumpToExpressionAndSetNodeErrors() throws {
        let story = try StoryTesting.compile(
            "title: Start\n---\n<<declare $to = \"End\">>\n<<jump {$to}>>\n===\ntitle: End\n---\nArrived.\n===\n")
        let runner = StoryRunner(story: story)
        #expect(throws: LoomError.self) { try runner.setNode("Missing") }
        try runner.setNode("Start")
        #expect(
            try StoryTesting.transcript(runner, choices: []) == [
                "[Start]", "[/Start]", "[End]", "Arrived.", "[/End]", "(end)",
            ])
        #expect(runner.visitCount(of: "Start") == 1)
        #expect(!runner.isRunning)
        #expect(try runner.continue() == .end)
    }

    @Test func variablesThroughCustomStorage() throws {
        final class Logged: VariableStorage {
            var values: [String: StoryValue] = [:]
            var writes: [String] = []
            func value(for name: String) -> StoryValue? { values[name] }
            func setValue(_ value: StoryValue, for name: String) {
                values[name] = value
                writes.append("\(name)=\(value)")
            }
            func allValues() -> [String: StoryValue] { values }
            func replaceAll(with values: [String: StoryValue]) { self.values = values }
        }
        let story = try StoryTesting.compile(
            "title: Start\n---\n<<declare $hp = 10>>\n<<set $hp -= 3>>\nHP {$hp}\n===\n")
        let storage = Logged()
        let runner = StoryRunner(story: story, storage: storage)
        try runner.setNode("Start")
        #expect(try StoryTesting.transcript(runner, choices: []).contains("HP 7"))
        #expect(storage.writes == ["$hp=7"])
        try runner.setValue(.number(1), of: "$hp")
        #expect(runner.value(of: "$hp") == .number(1))
        #expect(throws: LoomError.self) { try runner.setValue(.string("x"), of: "$hp") }
    }
}
