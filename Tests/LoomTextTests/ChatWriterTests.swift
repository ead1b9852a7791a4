import Foundation
import LoomCore
import Testing

@testable import LoomText

@Suite("ChatWriter's pieces without a model")
struct ChatWriterPartsTests {
    @Test(
        "a sentence ends at . ! or ? before closing quotes and brackets",
        arguments: [
            ("The tide turned.", true), ("\"Go!\"", true), ("Was it?)", true), ("She said “no.”", true),
            ("It’s late.’", true), ("The tide", false), ("The tide turned. ", false), ("Wait,", false), ("", false),
        ])
    func sentenceEnds(text: String, ends: Bool) {
        #expect(ChatWriter.endsSentence(Array(text.utf8)) == ends)
    }

    @Test("a prefix and its continuation join with one space, none before a hugging mark")
    func joins() {
        #expect(ChatWriter.join("The tide", "turned over the reef.") == "The tide turned over the reef.")
        #expect(ChatWriter.join("The captain", "'s voice rose.") == "The captain's voice rose.")
        #expect(ChatWriter.join("The tide", ", they said, turned.") == "The tide, they said, turned.")
        #expect(ChatWriter.join("", "A line.") == "A line.")
        #expect(ChatWriter.join("The tide", "") == "The tide")
    }

    @Test("a list cut short keeps only the options it closed")
    func finishedOptions() {
        #expect(
            ChatWriter.finishedOptions("[\"Ask the captain\", \"Walk to the pier\"]") == [
                "Ask the captain", "Walk to the pier",
            ])
        #expect(ChatWriter.finishedOptions("[\"Ask the captain\", \"Walk to th") == ["Ask the captain"])
        #expect(ChatWriter.finishedOptions("[\"") == [])
    }

    /// A vocabulary of whole pieces of an option list, with `<end>` as the end of turn.
    static let texts = ["[", "\"", "Ask", " the", " captain", "\",", "]", "\n", "\\", "<end>", "\u{FFFD}", " "]

    @Test("the masker leaves only tokens the grammar allows, the end of turn only after the list")
    func masks() {
        let grammar = OptionListGrammar(maxItems: 2)
        var masker = GrammarMasker()
        var inside = grammar.advance(grammar.start, over: "[\"Ask")!
        var logits = [Float](repeating: 1, count: Self.texts.count)
        logits.withUnsafeMutableBufferPointer {
            masker.mask($0, grammar: grammar, state: inside, texts: Self.texts, ends: [9])
        }
        let allowed = Self.texts.indices.filter { logits[$0] > -.infinity }.map { Self.texts[$0] }
        // Inside an option any character but escapes, line breaks, brackets and half characters goes.
        #expect(allowed == ["\"", "Ask", " the", " captain", "\",", " "])
        inside = grammar.advance(grammar.start, over: "[\"Ask the captain\"]")!
        logits = [Float](repeating: 1, count: Self.texts.count)
        logits.withUnsafeMutableBufferPointer {
            masker.mask($0, grammar: grammar, state: inside, texts: Self.texts, ends: [9])
        }
        #expect(Self.texts.indices.filter { logits[$0] > -.infinity } == [7, 9, 11])
    }

    @Test("the masker finds an allowed token outside its shortlist of highest logits")
    func masksBeyondTheShortlist() {
        let grammar = OptionListGrammar()
        var masker = GrammarMasker()
        // 300 tokens the grammar refuses at the start, with the highest logits; "[" last and lowest.
        let texts = (0..<300).map { "x\($0)" } + ["["]
        var logits = (0..<301).map { Float(1000 - $0) }
        logits.withUnsafeMutableBufferPointer {
            masker.mask($0, grammar: grammar, state: grammar.start, texts: texts, ends: [])
        }
        #expect(logits.indices.filter { logits[$0] > -.infinity } == [300])
        #expect(logits[300] == 700)
    }
}

@Suite("ChatWriter on SmolLM2", .enabled(if: RealModels.smolLM2Path != nil, RealModels.absent))
struct ChatWriterTests {
    static let writer: ChatWriter? = RealModels.smolLM2Path.flatMap { try? ChatWriter(model: $0) }

    static let request = StoryLineRequest(
        system: "You are the narrator of a sea adventure game set on a warm archipelago. You write short, plain "
            + "sentences in English, in the past tense. 12 islands rise from the warm sea.",
        scene: ["The captain looked at the sky.", "Gulls circled the harbour of Stead."],
        prefix: "The tide", maxWords: 20, candidates: 3, seed: Seed(11))

    @Test("a line is seeded: the same request writes the same words, cached prefix or not, on 1 or 2 threads")
    func seeded() throws {
        // A writer of its own: other tests' calls would change what its cache holds.
        let writer = try ChatWriter(model: RealModels.smolLM2Path!)
        let rules = LineGuard(knownNames: ["Stead"])
        let first = try writer.writeLine(Self.request, guard: rules)
        let again = try writer.writeLine(Self.request, guard: rules)
        #expect(first.candidates == again.candidates && first.line == again.line)
        #expect(again.computedTokens < first.computedTokens, "the prompt came from the cache")
        let fresh = try ChatWriter(model: RealModels.smolLM2Path!, threads: 2)
        #expect(try fresh.writeLine(Self.request, guard: rules).candidates == first.candidates)
        var other = Self.request
        other.seed = Seed(12)
        #expect(try writer.writeLine(other, guard: rules).candidates != first.candidates)
    }

    @Test("the chosen line opens with the prefix, passes the guard and is one whole sentence")
    func guarded() throws {
        let writer = try #require(Self.writer)
        let rules = LineGuard(knownNames: ["Stead"])
        for seed in 1...4 {
            var request = Self.request
            request.seed = Seed(UInt64(seed))
            let outcome = try writer.writeLine(request, guard: rules)
            #expect(outcome.candidates.count == 3)
            for candidate in outcome.candidates { #expect(candidate.text.hasPrefix("The tide")) }
            guard let line = outcome.line else { continue }
            #expect(rules.check(line) == nil, "\(line)")
            #expect(line.hasPrefix("The tide "))
            #expect(outcome.continuation.map { ChatWriter.join("The tide", $0) } == line)
            #expect(outcome.candidates.contains { $0.text == line && $0.rejection == nil })
        }
    }

    @Test("proposed options always parse: at most N, each 3...60 characters, guarded as phrases")
    func options() throws {
        let writer = try #require(Self.writer)
        for seed in 1...3 {
            let request = StoryOptionsRequest(
                system: Self.request.system, scene: Self.request.scene,
                instruction: "what the player might do at the harbour", count: 3, authored: ["Ask about the tide"],
                seed: Seed(UInt64(seed)))
            let outcome = try writer.writeOptions(request, guard: LineGuard(knownNames: ["Stead"]))
            #expect(outcome.options.count <= 3)
            #expect(outcome.lists >= 1)
            for option in outcome.candidates.map(\.text) {
                #expect((3...60).contains(option.count), "\(option)")
                #expect(!option.contains("\""))
            }
            for option in outcome.options {
                #expect(outcome.candidates.contains { $0.text == option && $0.rejection == nil })
                #expect(option != "Ask about the tide")
            }
            let again = try writer.writeOptions(request, guard: LineGuard(knownNames: ["Stead"]))
            #expect(again.options == outcome.options && again.candidates == outcome.candidates)
        }
    }

    @Test("a proposal that repeats an earlier line or choice, word for word in any case or nearly, is refused")
    func optionsRefuseEarlierChoices() throws {
        let writer = try #require(Self.writer)
        var request = StoryOptionsRequest(
            system: Self.request.system, scene: Self.request.scene,
            instruction: "what the player might do at the harbour", count: 3, seed: Seed(2))
        let first = try writer.writeOptions(request, guard: LineGuard(knownNames: ["Stead"]))
        let chosen = try #require(first.options.first)
        // The player chose it a few lines back: the same first list proposes it again, and it is refused.
        request.earlier = ["Some other line.", chosen.uppercased()]
        let again = try writer.writeOptions(request, guard: LineGuard(knownNames: ["Stead"]))
        #expect(!again.options.contains(chosen))
        let refused = try #require(again.candidates.first { $0.text == chosen }, "the first list is drawn again")
        #expect(refused.rejection?.rule == .repetition)
        // Nearly the same words, as a choice a few lines back: refused too.
        let words = chosen.split(separator: " ").map(String.init)
        let last = try #require(words.last)
        request.earlier = [(words.dropLast() + ["again", last]).joined(separator: " ")]
        let near = try writer.writeOptions(request, guard: LineGuard(knownNames: ["Stead"]))
        #expect(!near.options.contains(chosen), "\(request.earlier)")
    }

    @Test("perplexity: an English sentence reads likelier to the model than its words shuffled")
    func perplexity() throws {
        let writer = try #require(Self.writer)
        let natural = try writer.perplexity(of: "The fishermen pulled their boats up onto the sand before the storm.")
        let shuffled = try writer.perplexity(of: "Storm sand the boats their before fishermen onto up the pulled the.")
        #expect(natural > 1)
        #expect(natural * 4 < shuffled, "natural \(natural), shuffled \(shuffled)")
    }
}
