import LoomCore
import Testing

@testable import LoomStory

/// Yarn Spinner behind LoomCore's `StoryPlayer`, the API both story languages share.
@Suite struct YarnStoryPlayerTests {
    @Test func yarnPlaysThroughTheSharedAPI() throws {
        let story = try StoryCompiler.compile([
            StorySource(
                name: "purse.yarn",
                text: """
                    title: Start
                    ---
                    <<declare $gold = 2>>
                    You have {$gold} coins. #purse
                    -> Spend one
                        <<set $gold -= 1>>
                    -> Beg <<if false>>
                    Done.
                    ===
                    """)
        ])
        let runner = StoryRunner(story: story)
        try runner.setNode("Start")
        let player: any StoryPlayer = runner
        #expect(try player.nextEvent() == .line(text: "You have 2 coins.", tags: ["purse"]))
        guard case .choices(let choices) = try player.nextEvent() else {
            Issue.record("expected choices")
            return
        }
        #expect(choices.map(\.isAvailable) == [true, false])
        let saved = try player.saveData()
        try player.choose(0)
        #expect(try player.nextEvent() == .line(text: "Done.", tags: []))
        #expect(try player.nextEvent() == .end)
        #expect(player.variable("$gold") == .number(1))
        let fresh = StoryRunner(story: story)
        try fresh.loadData(saved)
        // Waiting options come back again, after a load as before it.
        guard case .choices(let again) = try fresh.nextEvent() else {
            Issue.record("expected the saved choices again")
            return
        }
        #expect(again == choices)
        #expect(try fresh.nextEvent() == .choices(choices))
        try fresh.choose(0)
        #expect(try fresh.nextEvent() == .line(text: "Done.", tags: []))
        try fresh.setVariable("$gold", to: .number(9))
        #expect(fresh.variable("$gold") == .number(9))
    }
}
