import LoomCore
import Testing

@testable import LoomText

@Suite struct OptionListGrammarTests {
    let grammar = OptionListGrammar(maxItems: 3, minCharacters: 3, maxCharacters: 20)

    @Test(arguments: [
        ("[\"Ring the bell\"]", ["Ring the bell"]),
        (" [ \"Ask Wren\" , \"Walk to the pier\" ]\n", ["Ask Wren", "Walk to the pier"]),
        ("[\"Go north\",\"Go south\",\"Wait\"]", ["Go north", "Go south", "Wait"]),
        ("[\"'Who rang it?'\"]", ["'Who rang it?'"]),
    ])
    func wholeListsParse(text: String, options: [String]) {
        #expect(grammar.parse(text) == options)
    }

    @Test(arguments: [
        "Sure! [\"Ring the bell\"]",  // talk before the list
        "[]",  // no option
        "[\"Go\"]",  // too short
        "[\"Walk all the way to the far lighthouse\"]",  // too long
        "[\"a\",\"b\",\"c\",\"d\"]",  // too short, and too many
        "[\"Go north\",\"Go south\",\"Wait\",\"Sing\"]",  // too many
        "[\"Ring the\\nbell\"]",  // an escape
        "[\" Ring the bell\"]",  // a leading space
        "[\"Ring the bell\"",  // not closed
        "[\"Ring the bell\"] and more",  // text after the list
        "[\"Sell it to the devil.]\"]",  // a bracket inside an option (the list's own, misplaced)
        "[\"Look [left]\"]",  // brackets inside an option
    ])
    func anythingElseIsRefused(text: String) {
        #expect(grammar.parse(text) == nil)
    }

    @Test func prefixesAdvanceAndOnlyACompleteListMayEnd() throws {
        var state = grammar.start
        for piece in ["[", "\"Ri", "ng the", " bell", "\"", ",", " \"Wait\"", "]"] {
            #expect(!grammar.isComplete(state))
            state = try #require(grammar.advance(state, over: piece), "refused \(piece)")
        }
        #expect(grammar.isComplete(state))
        #expect(grammar.advance(state, over: "\n") != nil)
        #expect(grammar.advance(state, over: ",") == nil)
        let inside = try #require(grammar.advance(grammar.start, over: "[\"Ring"))
        #expect(grammar.advance(inside, over: "\n") == nil)
        #expect(grammar.advance(inside, over: "\u{0007}") == nil)
    }

    /// Random token texts drawn from a grammar-shaped vocabulary: whatever is chosen among the
    /// tokens the grammar allows, the text always parses once it is complete.
    @Test func anySequenceOfAllowedTokensParses() throws {
        let vocabulary = [
            "[", "]", "\"", ",", " ", "\n", "Go", " north", " to", " the", " bell", "Ask", " Wren", "\",", " \"",
            "\"]", "[\"", "x", "'", "?", ".", "\\", "{", "Sure",
        ]
        var random = Seed(3).makeRandom()
        var completed = 0
        for _ in 0..<500 {
            var state = grammar.start
            var text = ""
            for _ in 0..<40 {
                let allowed = vocabulary.filter { grammar.advance(state, over: $0) != nil }
                if grammar.isComplete(state) { break }
                guard !allowed.isEmpty else { break }
                let token = allowed[Int(random.nextInt(below: UInt64(allowed.count)))]
                state = try #require(grammar.advance(state, over: token))
                text += token
            }
            if grammar.isComplete(state) {
                completed += 1
                let options = try #require(grammar.parse(text), "\(text)")
                #expect((1...3).contains(options.count))
                #expect(options.allSatisfy { (3...20).contains($0.count) })
            }
        }
        #expect(completed > 50)
    }

    @Test func firstWordsAndAMinimumCountHoldTheList() throws {
        var grammar = OptionListGrammar(maxItems: 2, firstWords: ["Ask", "Walk"])
        grammar.minItems = 2
        #expect(grammar.parse(#"["Ask the captain", "Walk to the pier"]"#) == ["Ask the captain", "Walk to the pier"])
        #expect(grammar.parse(#"["Ask the captain"]"#) == nil, "one option of two")
        #expect(grammar.advance(grammar.start, over: #"["What"#) == nil)
        #expect(grammar.advance(grammar.start, over: #"["Aski"#) == nil)
        #expect(grammar.advance(grammar.start, over: #"["As "#) == nil, "a first word cut short")
        #expect(grammar.advance(grammar.start, over: #"["Ask"#) != nil)
        #expect(grammar.parse(#"["Walk", "Ask"]"#) == ["Walk", "Ask"])
        #expect(grammar.advance(grammar.start, over: "[\"Ask\u{FFFD}") == nil, "half a character")
        #expect(grammar.advance(grammar.start, over: "[\"Ask\tthe") == nil, "a tab")
        #expect(OptionListGrammar.imperativeVerbs.allSatisfy { $0.first?.isUppercase == true })
    }

    /// No state can be a dead end: from every state the grammar reaches (a breadth-first walk
    /// over the characters that matter), a complete list can still be written. A dead end
    /// (a space as an option's last allowed character) left a sampler with no token to take.
    @Test(arguments: [false, true])
    func everyReachableStateCanStillFinishTheList(firstWords: Bool) throws {
        var grammar = OptionListGrammar(
            maxItems: 2, minCharacters: 3, maxCharacters: 8, firstWords: firstWords ? ["Go", "Ask"] : nil)
        grammar.minItems = 2
        let alphabet = ["[", "]", "\"", ",", " ", "a", "G", "o", "A", "s", "k", "."]
        var seen: Set<OptionListGrammar.State> = [grammar.start]
        var queue = [grammar.start]
        while let state = queue.popLast() {
            for character in alphabet {
                guard let next = grammar.advance(state, over: character), seen.insert(next).inserted else { continue }
                queue.append(next)
            }
        }
        #expect(seen.count > 20)
        // States from which a complete list is reachable, grown backwards from the complete ones.
        var finishing = seen.filter(grammar.isComplete)
        var grew = true
        while grew {
            grew = false
            for state in seen where !finishing.contains(state) {
                if alphabet.contains(where: { grammar.advance(state, over: $0).map(finishing.contains) == true }) {
                    finishing.insert(state)
                    grew = true
                }
            }
        }
        #expect(finishing.count == seen.count, "\(seen.count - finishing.count) states cannot finish the list")
    }
}
