import LoomCore
import LoomStory
import Testing

@testable import LoomInk

/// One host function bound through `StoryPlayer` and honoured by both story languages.
@Suite("host functions through StoryPlayer")
struct HostFunctionTests {
    /// Records the calls a host function receives (the tests run it on one thread).
    final class CallLog: @unchecked Sendable {
        var calls: [String] = []
    }

    /// `shout(text, times)`: the text in capitals with `times` exclamation marks; logs each call.
    static func shout(logging log: CallLog) -> StoryPlayerFunction {
        StoryPlayerFunction("shout", parameters: [.string, .number], returns: .string) { arguments in
            log.calls.append(arguments[0].description)
            guard case .number(let times) = arguments[1], times >= 0, times <= 10 else {
                throw LoomError(.invalidArgument, "shout takes 0 to 10 exclamation marks")
            }
            return .string(arguments[0].description.uppercased() + String(repeating: "!", count: Int(times)))
        }
    }

    static let ink = """
        EXTERNAL shout(text, times)
        You hear {shout("hello", 2)}
        {shout("bye", 1)} then.
        * [Wave]
          {shout("wave", 3)}
        - Done.
        == function shout(text, times)
        ~ return "(unbound)"
        """

    static let yarn = """
        title: Start
        ---
        <<declare $loud = "">>
        <<set $loud = shout("hello", 2)>>
        You hear {$loud}
        {shout("bye", 1)} then.
        -> Wave
            {shout("wave", 3)}
        Done.
        ===
        """

    static func inkPlayer() throws -> InkRunner {
        try InkRunner(story: try InkCompiler.compile(ink, file: "shout.ink"))
    }

    static func yarnPlayer() throws -> StoryRunner {
        let runner = StoryRunner(story: try StoryCompiler.compile([StorySource(name: "shout.yarn", text: yarn)]))
        try runner.setNode("Start")
        return runner
    }

    /// Plays through the shared API, taking the first choice each time.
    private func play(_ player: any StoryPlayer) throws -> [String] {
        var log: [String] = []
        while true {
            switch try player.nextEvent() {
            case .line(let text, _): log.append(text)
            case .choices(let choices):
                log.append("choices: " + choices.map(\.text).joined(separator: " | "))
                try player.choose(choices[0].index)
            case .end: return log
            }
        }
    }

    @Test func oneFunctionBoundOnceRunsInInkAndYarnAlike() throws {
        let expected = ["You hear HELLO!!", "BYE! then.", "choices: Wave", "WAVE!!!", "Done."]
        let players: [(String, any StoryPlayer)] = [("ink", try Self.inkPlayer()), ("yarn", try Self.yarnPlayer())]
        for (language, player) in players {
            let log = CallLog()
            try player.bind(Self.shout(logging: log))
            #expect(try play(player) == expected, "\(language)")
            // Called once per call in the story: ink's look-ahead past "You hear HELLO!!" stops
            // before the call that starts the next line instead of making it early.
            #expect(log.calls == ["hello", "bye", "wave"], "\(language)")
        }
    }

    @Test func aLookaheadSafeInkExternalMayRunAheadOfItsLine() throws {
        // ink's own default, kept for `bindExternalFunction`: the look-ahead past the first line
        // makes the call that starts the second line, rewinds, and makes it again.
        let runner = try Self.inkPlayer()
        let log = CallLog()
        runner.bindExternalFunction("shout") { arguments in
            log.calls.append(arguments[0].description)
            return .string(arguments[0].description)
        }
        #expect(try runner.continue() == "You hear hello\n")
        #expect(try runner.continue() == "bye then.\n")
        #expect(log.calls == ["hello", "bye", "bye"])
    }

    @Test func unboundInkExternalsFallBackAndUnboundYarnFunctionsFail() throws {
        #expect(try play(try Self.inkPlayer()).first == "You hear (unbound)")
        #expect {
            try play(try Self.yarnPlayer())
        } throws: { error in
            "\(error)".contains("the story calls 'shout', which the host has not registered")
        }
    }

    @Test func bindingTheWrongArityIsRefusedAndUnusedFunctionsAreIgnored() throws {
        let wrong = StoryPlayerFunction("shout", parameters: [.string], returns: .string) { $0[0] }
        let unused = StoryPlayerFunction("whisper", parameters: [], returns: .string) { _ in .string("") }
        let players: [(String, any StoryPlayer)] = [("ink", try Self.inkPlayer()), ("yarn", try Self.yarnPlayer())]
        for (language, player) in players {
            #expect(throws: LoomError.self, "\(language)") { try player.bind(wrong) }
            do {
                try player.bind(wrong)
            } catch let error as LoomError {
                #expect(error.kind == .invalidArgument)
                #expect(error.message.contains("calls 'shout' with 2 arguments"), "\(language): \(error.message)")
                #expect(error.message.hasSuffix("but the bound function takes 1"), "\(language): \(error.message)")
            }
            try player.bind(unused)
        }
    }

    @Test func argumentsOfTheWrongTypeAndBodyErrorsStopTheStoryNamingTheFunction() throws {
        let wrongType = try InkRunner(story: try InkCompiler.compile("EXTERNAL shout(a, b)\n{shout(1, 2)}\n"))
        try wrongType.bind(Self.shout(logging: CallLog()))
        #expect {
            try wrongType.nextEvent()
        } throws: { error in
            "\(error)".contains("argument 1 of 'shout' must be a string, not the number '1'")
        }
        let failing = try InkRunner(story: try InkCompiler.compile("EXTERNAL shout(a, b)\n{shout(\"a\", 99)}\n"))
        try failing.bind(Self.shout(logging: CallLog()))
        #expect {
            try failing.nextEvent()
        } throws: { error in
            "\(error)".contains("external function 'shout' failed") && "\(error)".contains("0 to 10 exclamation")
        }
    }

    @Test func theSharedTypeChecksApplyToTheResult() throws {
        let lying = StoryPlayerFunction("shout", parameters: [.string, .number], returns: .string) { _ in .number(1) }
        #expect {
            try lying.call([.string("a"), .number(1)])
        } throws: { error in
            (error as? LoomError)?.message == "'shout' must return a string, but returned the number '1'"
        }
        #expect {
            try lying.call([.string("a")])
        } throws: { error in
            (error as? LoomError)?.message == "'shout' takes 2 arguments, not 1"
        }
    }
}
