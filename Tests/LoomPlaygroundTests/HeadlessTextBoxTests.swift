import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomPlayground

extension HeadlessPlaygroundTests {
    @Test("Enter opens the text box; typed words choose the option they mean and the panel says so")
    func typedChoice() throws {
        let content = TypedCaveContent()
        let before = try headless(TypedCaveContent(), frames: 3)
        let result = try headless(content, frames: 5, script: "1 key enter\n2 type the cave\n3 key enter")
        #expect(content.typed.scripted.node == 1)
        #expect(result.session.typedText == nil)
        #expect(result.session.storyNote == "matched \"the cave\", score 1.00")
        #expect(result.session.storyTextRow == "(matched \"the cave\", score 1.00)")
        let panel = try #require(result.session.storyPanelRect)
        #expect(panel.height > (try #require(before.session.storyPanelRect)).height - 16)
    }

    @Test("no match leaves the options waiting and says so; shortcuts do nothing while typing")
    func typedNoMatch() throws {
        let content = TypedCaveContent()
        let result = try headless(
            content, frames: 6, script: "1 key enter\n2 key r\n2 key 1\n3 type swim home\n4 key enter")
        #expect(content.typed.scripted.node == 0)
        #expect(result.session.seed == Seed(7))
        #expect(result.session.storyNote == "no option matches \"swim home\"")
        #expect(result.session.storyTextRow == "(no option matches \"swim home\")")
        #expect(result.session.errorMessage == nil)
    }

    @Test("the text box shows what is typed; Backspace deletes, Esc closes it without quitting")
    func typingAndCancel() throws {
        let content = TypedCaveContent()
        let typing = try headless(content, frames: 4, script: "1 key enter\n2 type lamp\n2 key backspace")
        #expect(typing.session.typedText == "lam")
        #expect(typing.session.storyTextRow == "> lam_")
        let panel = try #require(typing.session.storyPanelRect)
        #expect(typing.image.count(in: panel) { $0.r > 200 && $0.g > 150 } > 20)
        let cancelled = try headless(TypedCaveContent(), frames: 4, script: "1 key enter\n2 type lamp\n3 key escape")
        #expect(cancelled.session.typedText == nil)
        #expect(!cancelled.session.wantsToQuit)
    }

    @Test("a typed number chooses that option")
    func typedNumber() throws {
        let content = TypedCaveContent()
        _ = try headless(content, frames: 4, script: "1 key enter\n2 type 1\n3 key enter")
        #expect(content.typed.scripted.node == 1)
    }

    @Test("a story that takes numbers only reports typed text as an error")
    func numbersOnly() throws {
        let content = StoryCaveContent()
        let result = try headless(content, frames: 4, script: "1 key enter\n2 type cave\n3 key enter")
        #expect(content.scripted.node == 0)
        #expect(result.session.errorMessage?.contains("takes option numbers only") == true)
    }

    @Test("input scripts type the rest of the line")
    func typeEvent() throws {
        let script = try InputScript.parse("5 type  light the lamp \n", name: "t")
        #expect(script.events == [InputScript.Event(frame: 5, input: .text("light the lamp"))])
    }
}
