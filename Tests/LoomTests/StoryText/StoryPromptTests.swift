import Foundation
import Loom
import Testing

/// The transformer's prompt: fact sentences, recent lines and the instruction, exactly.
@Suite struct StoryPromptTests {
    static let facts: [String: StoryValue] = ["rooms": .number(24), "vault": .string("room 7"), "empty": .string("")]
    static let variables: [String: StoryValue] = ["$role": .string("Ossuary")]
    static let history = [
        "Warden: So you have come to the crypt.", "Warden: Mind the dark below.", "Ask about the vault.",
        "Worn steps lead down into silence.",
    ]

    func build(_ settings: StoryPromptSettings, instruction: String = "The room") -> StoryPrompt {
        StoryPrompt.build(
            instruction: instruction, settings: settings, facts: Self.facts, variable: { Self.variables[$0] },
            history: Self.history)
    }

    @Test func factsLinesAndInstructionInOrder() {
        let settings = StoryPromptSettings(
            facts: ["The crypt has {rooms} rooms.", "The vault is {vault}.", "This is the {$role}."], recentLines: 2)
        let prompt = build(settings)
        #expect(prompt.facts == ["The crypt has 24 rooms.", "The vault is room 7."])
        // A sentence naming a story variable is the situation, which changes as the story goes.
        #expect(prompt.situation == ["This is the Ossuary."])
        #expect(prompt.lines == ["Ask about the vault.", "Worn steps lead down into silence."])
        #expect(
            prompt.text
                == "The crypt has 24 rooms. The vault is room 7. This is the Ossuary. Ask about the vault. "
                + "Worn steps lead down into silence. The room")
    }

    @Test func missingOrEmptyFactsDropTheirSentence() {
        let settings = StoryPromptSettings(
            facts: ["A {missing} fact.", "An {empty} fact.", "No {$unset} variable.", "Braces {{kept}} for {rooms}."],
            recentLines: 0)
        #expect(build(settings).text == "Braces {kept} for 24. The room")
    }

    @Test func speakersAreDroppedUnlessAsked() {
        var settings = StoryPromptSettings(recentLines: 3)
        #expect(
            build(settings).text
                == "Mind the dark below. Ask about the vault. Worn steps lead down into silence. The room")
        settings.speakers = true
        #expect(build(settings).lines.first == "Warden: Mind the dark below.")
        #expect(StoryPrompt.withoutSpeaker("Note: it is late: go") == "it is late: go")
        #expect(
            StoryPrompt.withoutSpeaker("A line with a colon in the middle: here")
                == "A line with a colon in the middle: here")
    }

    @Test func linesEndAsSentences() {
        #expect(StoryPrompt.asSentence("Go down") == "Go down.")
        #expect(StoryPrompt.asSentence(" Go down!  ") == "Go down!")
        #expect(StoryPrompt.asSentence("He said \"go\"") == "He said \"go\"")
        #expect(StoryPrompt.asSentence("") == "")
        let prompt = StoryPrompt.build(
            instruction: "The stair", settings: StoryPromptSettings(recentLines: 2), facts: [:], variable: { _ in nil },
            history: ["Warden: Choose", "Go down"])
        #expect(prompt.text == "Choose. Go down. The stair")
    }

    @Test func theBudgetKeepsTheInstructionThenNewestLinesThenFacts() {
        let settings = StoryPromptSettings(facts: ["The crypt has {rooms} rooms."], recentLines: 4, characterBudget: 80)
        let prompt = build(settings)
        // 80 characters: the instruction (8), the newest line (34) and the one before (20) fit
        // (64 with spaces); the line before them (20) would overflow, so it and every older line
        // go (recent lines stay contiguous), and so does the fact (23).
        #expect(prompt.text == "Ask about the vault. Worn steps lead down into silence. The room")
        #expect(prompt.text.count <= 80)
        let tight = build(
            StoryPromptSettings(facts: ["The crypt has {rooms} rooms."], recentLines: 4, characterBudget: 16))
        #expect(tight.text == "The room")
        // A long instruction is kept whole, whatever the budget.
        let long = String(repeating: "stone ", count: 10) + "dust"
        #expect(build(StoryPromptSettings(characterBudget: 16), instruction: long).text == long)
    }

    @Test func aShorterFactStillFitsAfterALongOne() {
        let settings = StoryPromptSettings(
            facts: ["A fact far too long to fit in what is left of the budget.", "Short."], recentLines: 0,
            characterBudget: 20)
        #expect(build(settings).text == "Short. The room")
    }

    @Test func settingsValidateAndRoundTripAsJSON() throws {
        #expect(throws: LoomError.self) { try StoryPromptSettings(recentLines: 33).validate() }
        #expect(throws: LoomError.self) { try StoryPromptSettings(characterBudget: 8).validate() }
        let settings = StoryPromptSettings(
            facts: ["{rooms} rooms."], recentLines: 2, speakers: true, characterBudget: 90)
        let decoded = try JSONDecoder().decode(
            StoryPromptSettings.self, from: try JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }
}
