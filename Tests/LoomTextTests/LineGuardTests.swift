import LoomCore
import Testing

@testable import LoomText

@Suite struct LineGuardTests {
    var lineGuard: LineGuard {
        var rules = LineGuard(knownNames: ["Saltmere", "Wren Alder", "the Drowned Bell"], banned: WordList(["gold"]))
        rules.recentLines = ["The gulls circle over the harbour at dusk."]
        return rules
    }

    func rule(_ line: String, _ change: (inout LineGuard) -> Void = { _ in }) -> LineGuard.Rule? {
        var rules = lineGuard
        change(&rules)
        return rules.check(line)?.rule
    }

    @Test(arguments: [
        "Wren waits by the harbour wall.",
        "The tide is turning, and Saltmere's lamps are lit!",
        "\"Who rang the Drowned Bell?\" Alder asks.",
        "I hear the bell from the cliffs on Friday.",
        "Rain falls. Nobody comes to the door.",
    ])
    func linesAWriterWouldKeepPass(line: String) {
        #expect(lineGuard.check(line) == nil, "\(lineGuard.check(line)?.description ?? "")")
    }

    @Test(arguments: [
        ("Sure! Here is a line about the harbour.", "sure"),
        ("Here's a short line: the sea is calm.", "here's"),
        ("As an AI, I cannot write about the sea.", "as an ai"),
        ("The sea is calm. <|im_end|>", "<|"),
        ("**The sea** is calm tonight.", "**"),
        ("assistant: The sea is calm tonight.", "assistant:"),
    ])
    func chatArtefactsAreRejected(line: String, detail: String) {
        #expect(lineGuard.check(line) == LineGuard.Rejection(rule: .chatArtefact, detail: detail))
    }

    @Test(arguments: [
        ("the sea is calm tonight.", "starts with 't'"),
        ("The sea is calm tonight and the", "ends without . ! or ?"),
        ("The sea is calm tonight and\u{2026}", "cut off with an ellipsis"),
        ("The sea is calm tonight and...", "cut off with an ellipsis"),
        ("\"The sea is calm tonight.", "an unclosed quote"),
    ])
    func cutOffLinesAreRejected(line: String, detail: String) {
        #expect(lineGuard.check(line) == LineGuard.Rejection(rule: .incomplete, detail: detail))
    }

    @Test func lengthIsHeldToTheRequest() {
        #expect(rule("Calm.") == .length)
        #expect(rule("The sea is calm tonight and the boats are still.") { $0.maxWords = 6 } == .length)
        #expect(rule("Row out to the lighthouse at once.") { $0.maxCharacters = 20 } == .length)
        #expect(rule("Row out to the lighthouse.") { $0.maxCharacters = 30 } == nil)
    }

    @Test func bannedWordsRepetitionsAndUnknownNamesAreRejected() {
        #expect(lineGuard.check("The chest is full of gold coins.") == .init(rule: .banned, detail: "gold"))
        #expect(rule("The gulls circle over the harbour at dusk!") == .repetition)
        #expect(rule("At dusk the gulls circle over the harbour.") == .repetition)
        #expect(rule("The gulls sleep on the roofs of Saltmere.") == nil)
        #expect(
            lineGuard.check("Wren meets Captain Morgan at the pier.") == .init(rule: .unknownName, detail: "Captain"))
        #expect(rule("You see Paris in the fog.") == .unknownName)
        // A name's parts and its possessive are known; a sentence's first word is not judged.
        #expect(rule("The lamps of Saltmere burn for Alder's boat.") == nil)
    }

    @Test func otherLanguagesAreRejected() {
        #expect(rule("Морe спокойно сегодня ночью.") == .language)
        #expect(rule("El mar está tranquilo esta noche, amigo.") == .language)
        #expect(rule("El mar está tranquilo esta noche, amigo.") { $0.language = "es" } == nil)
    }

    @Test func everyRuleIsOneACheckCanReturn() {
        let lines: [LineGuard.Rule: String] = [
            .chatArtefact: "Sure, the sea is calm.", .incomplete: "the sea", .length: "Calm.",
            .banned: "It is gold.", .repetition: "The gulls circle over the harbour at dusk.",
            .unknownName: "It is Brest.", .language: "Море спокойно сегодня ночью.",
        ]
        for rule in LineGuard.Rule.allCases { #expect(self.rule(lines[rule] ?? "") == rule, "\(rule)") }
    }

    @Test func optionsAreHeldToAPhrasesRules() {
        let options: (inout LineGuard) -> Void = { $0.wholeSentences = false }
        #expect(rule("Ask the fisherman about the reef", options) == nil)
        #expect(rule("Walk to the pier.", options) == nil)
        #expect(rule("ask the fisherman", options) == .incomplete)
        #expect(rule("What do you want to know?", options) == .incomplete)
        #expect(rule("Ask the old fisherman about the reef,", options) == .incomplete)
        #expect(rule("Row out past the…", options) == .incomplete)
        #expect(rule("Question: What could I do next", options) == .chatArtefact)
    }

    @Test func frenchAndSpanishWordsInALatinScriptAreCaught() {
        let options: (inout LineGuard) -> Void = { $0.wholeSentences = false }
        #expect(rule("Listen in un par l'arbre de ceux.", options) == .language)
        #expect(rule("Dance en cette manière.", options) == .language)
        #expect(rule("The fishermen sing under el faro.") == nil, "one foreign word among English ones")
        #expect(rule("Ask about the vault of the old kings.", options) == nil)
    }

    @Test func storyTalkIsAnArtefact() {
        #expect(rule("The storm - this is where the story really starts!") == .chatArtefact)
        #expect(rule("Next line: the tide turns.") == .chatArtefact)
        #expect(rule("The player walks to the harbour.") == .chatArtefact)
    }
}
