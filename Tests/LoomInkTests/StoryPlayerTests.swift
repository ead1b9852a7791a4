import LoomCore
import Testing

@testable import LoomInk

/// ink behind LoomCore's `StoryPlayer`, the API both story languages share.
@Suite("ink as a StoryPlayer")
struct StoryPlayerTests {
    /// Plays any story through the shared API, taking the first available choice.
    private func play(
        _ story: any StoryPlayer, reloadingInto fresh: (() throws -> any StoryPlayer)? = nil
    ) throws
        -> [String]
    {
        var story = story
        var log: [String] = []
        while true {
            switch try story.nextEvent() {
            case .line(let text, let tags): log.append(tags.isEmpty ? text : "\(text) #\(tags.joined(separator: ","))")
            case .choices(let choices):
                log.append("choices: " + choices.map(\.text).joined(separator: " | "))
                if let fresh {
                    let next = try fresh()
                    try next.loadData(try story.saveData())
                    story = next
                }
                try story.choose(choices.first { $0.isAvailable }!.index)
            case .end: return log
            }
        }
    }

    static let source = """
        VAR gold = 2
        You have {gold} coins. # purse
        * Spend one
          ~ gold -= 1
          Now {gold}.
        * Keep them
        - Done.
        """

    @Test func inkPlaysThroughTheSharedAPI() throws {
        let story = try InkCompiler.compile(Self.source, file: "purse.ink")
        let runner = try InkRunner(story: story)
        #expect(
            try play(runner) == [
                "You have 2 coins. #purse", "choices: Spend one | Keep them", "Spend one", "Now 1.", "Done.",
            ])
        #expect(runner.variable("gold") == .number(1))
        try runner.setVariable("gold", to: .number(5))
        #expect(runner.value(of: "gold") == .int(5))
        #expect(throws: LoomError.self) { try runner.setVariable("silver", to: .number(1)) }
    }

    @Test func savedDataContinuesInAFreshRunner() throws {
        let story = try InkCompiler.compile(Self.source, file: "purse.ink")
        let straight = try play(try InkRunner(story: story))
        let reloaded = try play(try InkRunner(story: story)) { try InkRunner(story: story) }
        #expect(reloaded == straight)
    }
}
