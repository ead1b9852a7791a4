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
            .unknownWord: "It is portmint.",
        ]
        let vocabulary: (inout LineGuard) -> Void = { $0.vocabulary = [["it", "is", "calm"]] }
        for rule in LineGuard.Rule.allCases {
            #expect(self.rule(lines[rule] ?? "", vocabulary) == rule, "\(rule)")
        }
    }

    @Test("a made-up word is refused once a vocabulary is set; endings, contractions and names are not")
    func madeUpWordsAreRefused() throws {
        let words: (inout LineGuard) -> Void = {
            $0.vocabulary = [
                ["you", "admire", "on", "your", "own", "the", "sailor", "stop", "carry", "net", "and"],
                [
                    "were", "make", "knot", "we", "can", "stay", "captain", "boat", "wait", "big", "happy", "wave",
                    "for",
                ],
            ]
        }
        #expect(rule("You admire the nets on your own.") == nil, "no vocabulary: no check")
        var rules = lineGuard
        words(&rules)
        #expect(rules.check("You admire ekosai on your own.") == .init(rule: .unknownWord, detail: "ekosai"))
        #expect(rules.check("The sailors stopped, carried nets and were making knots.") == nil)
        #expect(rules.check("We can't stay; the captain's boat won't wait, and we'll wave.") == nil)
        #expect(rules.check("The bigger boats carried Wren and Saltmere's nets happily.") == nil)
        #expect(rules.check("The captain waits for oi-tao-loh on the boat.") == .init(rule: .unknownWord, detail: "oi"))
        #expect(rules.check("We stay on the sailorboats.") == nil, "two known words joined")
        // A word is looked up in every set: the second alone knows "knot".
        #expect(rules.check("We make knots on the boat.") == nil)
    }

    @Test func optionsAreHeldToAPhrasesRules() {
        let options: (inout LineGuard) -> Void = { $0.wholeSentences = false }
        #expect(rule("Ask the fisherman about the reef", options) == nil)
        #expect(rule("Walk to the pier.", options) == nil)
        #expect(rule("ask the fisherman", options) == .incomplete)
        #expect(rule("What do you want to know?", options) == .incomplete)
        #expect(rule("Ask the old fisherman about the reef,", options) == .incomplete)
        #expect(rule("Row out past the…", options) == .incomplete)
        // Cut at the length limit, on a word that needs another after it.
        #expect(rule("Run along the shore in the direction of the starboard bow of", options) == .incomplete)
        #expect(rule("Go down to the harbour with", options) == .incomplete)
        #expect(rule("Sail for the", options) == .incomplete)
        #expect(rule("Go with her", options) == nil)
        #expect(rule("Go back in", options) == nil)
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
