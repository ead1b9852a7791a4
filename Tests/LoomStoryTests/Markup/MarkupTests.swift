import Testing

@testable import LoomStory

@Suite struct MarkupTests {
    @Test func attributesAreRemovedAndLocated() {
        let result = Markup.parse("Mae: I am [wave size=2]very[/wave] [b]happy[/b]!")
        #expect(result.text == "Mae: I am very happy!")
        #expect(result.characterName == "Mae")
        #expect(result.textWithoutCharacterName == "I am very happy!")
        #expect(result.attributes.count == 2)
        #expect(
            result.attributes[0] == MarkupAttribute(name: "wave", position: 10, length: 4, properties: ["size": "2"]))
        #expect(result.attributes[1].name == "b")
        #expect(result.attributes[1].position == 15)
        #expect(result.attributes[1].length == 5)
    }

    @Test func shorthandPropertiesSelfClosingAndCloseAll() {
        let result = Markup.parse("[shake=0.5][i]Boo[/] done[pause/]")
        #expect(result.text == "Boo done")
        #expect(result.attributes[0].properties == ["shake": "0.5"])
        #expect(result.attributes[0].length == 3)
        #expect(result.attributes[2].name == "pause")
        #expect(result.attributes[2].length == 0)
    }

    @Test func selfClosingMarkersEatOneFollowingSpace() {
        #expect(Markup.parse("A [pause/] B").text == "A B")
        #expect(Markup.parse("[pause/] Start").text == "Start")
        #expect(Markup.parse("A[pause/] B").text == "A B")
        #expect(Markup.parse("A [pause trimwhitespace=false/] B").text == "A  B")
        #expect(
            Markup.parse(#"You have [plural value=2 one="a pie" other="% pies"/] left"#).text == "You have 2 pies left")
    }

    @Test func escapesAndNoMarkup() {
        #expect(Markup.parse(#"\[a\]x\[/a\] \\ done"#).text == #"[a]x[/a] \ done"#)
        #expect(Markup.parse("[nomarkup][b]raw[/b][/nomarkup]!").text == "[b]raw[/b]!")
        #expect(Markup.parse(#"Not\: a speaker"#).characterName == nil)
        #expect(Markup.parse("a [ b").text == "a [ b")
    }

    @Test(arguments: [
        (0.0, "other"), (1, "one"), (2, "other"), (1.5, "other"), (21, "other"),
    ])
    func englishCardinals(value: Double, category: String) {
        #expect(Markup.pluralCategory(value) == category)
    }

    @Test(arguments: [
        (1.0, "one"), (2, "two"), (3, "few"), (4, "other"), (11, "other"), (12, "other"), (13, "other"),
        (21, "one"), (22, "two"), (23, "few"), (101, "one"), (111, "other"), (0, "other"),
    ])
    func englishOrdinals(value: Double, category: String) {
        #expect(Markup.ordinalCategory(value) == category)
    }

    @Test func replacementMarkers() {
        #expect(Markup.parse(#"[select value=f m="he" f="she" other="they"/] left"#).text == "she left")
        #expect(Markup.parse(#"[select value=x m="he" other="they"/]"#).text == "they")
        #expect(Markup.parse(#"[plural value=1 one="% pie" other="% pies"/]"#).text == "1 pie")
        #expect(Markup.parse(#"[plural value=5 one="% pie" other="% pies"/]"#).text == "5 pies")
        #expect(Markup.parse(#"[ordinal value=22 one="%st" two="%nd" few="%rd" other="%th"/]"#).text == "22nd")
    }

    @Test func linesSubstituteBeforeMarkup() throws {
        let story = try StoryTesting.compile(
            """
            title: Start
            ---
            <<declare $n = 3>>
            Guard: You owe {$n} [plural value={$n} one="coin" other="coins"/], [b]now[/b].
            ===
            """)
        let runner = StoryRunner(story: story)
        try runner.setNode("Start")
        _ = try runner.continue()
        guard case .line(let line) = try runner.continue() else {
            Issue.record("expected a line")
            return
        }
        #expect(line.text == "Guard: You owe 3 coins, now.")
        #expect(line.characterName == "Guard")
        #expect(line.textWithoutCharacterName == "You owe 3 coins, now.")
        #expect(line.attributes.map(\.name) == ["b"])
    }
}
