import LoomText
import Testing

@Suite("Framing stripped from typed text")
struct TypedFramingTests {
    @Test(
        "polite, modal and intent framing goes; the action, its casing and its question mark stay",
        arguments: [
            ("Can we sail to Stead now?", "sail to Stead now?"),
            ("I want to buy cedar timber", "buy cedar timber"),
            ("can you tell me about the vault please", "tell me about the vault"),
            ("ok, let's go in right away", "go in right away"),
            ("Maybe I should just hide", "just hide"),
            ("I’d like to pray", "pray"),
            ("Let us flee, thank you", "flee"),
            ("light the lamp", "light the lamp"),
            ("what ships are out there?", "what ships are out there?"),
            ("I descend", "I descend"),
        ])
    func strips(typed: String, action: String) {
        #expect(TypedFraming().strip(typed) == action)
    }

    @Test("the last word is never stripped, and a phrase must be whole words")
    func keepsSomething() {
        let framing = TypedFraming()
        #expect(framing.strip("please") == "please")
        #expect(framing.strip("can I") == "can I")
        #expect(framing.strip("cannibals attack") == "cannibals attack")
        #expect(framing.strip("Lets-go") == "go")
        #expect(framing.strip("") == "")
    }

    @Test("a framing of one's own phrases, matched in any case")
    func ownPhrases() {
        let framing = TypedFraming(leading: [["try", "to"]], trailing: [["now"]])
        #expect(framing.strip("try to run now") == "run")
        #expect(framing.strip("Try to  RUN") == "RUN")
    }
}
