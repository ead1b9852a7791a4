import Foundation
import Loom
import Testing

/// The ```swift examples of LoomText's `///` comments that need no downloaded model, each
/// verbatim between `// example SOURCE-FILE` and `// end example`, run with checks of what
/// their comments promise.
@Suite(.serialized) struct DocExampleTextTests {
    @Test func grammarsNGramsAndNames() throws {
        // example Sources/LoomText/Grammar/Grammar.swift
        let grammar = try Grammar(json: ##"{"origin": ["#animal.a.capitalize# sleeps."], "animal": ["owl", "cat"]}"##)
        let line = try grammar.expand("origin", seed: Seed(1))  // "An owl sleeps." or "A cat sleeps."
        // end example
        #expect(["An owl sleeps.", "A cat sleeps."].contains(line))
        try SnippetFolder.run {
            // example Sources/LoomText/NGram/NGramModel.swift
            let model = try NGramModel.train(corpusAt: "Worlds/isles/corpus.txt", order: 4)
            try model.save(to: "isles.ngram")
            let line = try NGramGenerator(model).generate(TextRequest(prompt: "The ferry", seed: Seed(9))).text
            // end example
            #expect(!line.isEmpty)
            #expect(try NGramModel.load(from: "isles.ngram").order == 4)
            // example Sources/LoomText/Names/NameModel.swift
            let islanders = try NameModel.train(listAt: "Worlds/isles/names/islander.txt")
            let name = try islanders.generate(seed: Seed(12))  // a new name in the list's style
            // end example
            #expect(name.first?.isUppercase == true)
            #expect(try islanders.generate(seed: Seed(12)) == name)
        }
    }

    @Test func tokenizersAndConfigs() throws {
        // example Sources/LoomText/Transformer/ByteLevelBPETokenizer.swift
        let tokenizer = try ByteLevelBPETokenizer(
            tokens: ["h", "e", "l", "o", "Ġ", "he", "ll", "hell", "hello"],
            merges: ["h e", "l l", "he ll", "hell o"])
        let ids = tokenizer.encode("hello", bos: false, eos: false)  // [8]
        // end example
        #expect(ids == [8])
        // example Sources/LoomText/Transformer/TransformerConfig.swift
        let config = TransformerConfig.llama2cStories15M  // dim 288, 6 layers, 6 heads
        // end example
        #expect(config.dim == 288 && config.layerCount == 6 && config.headCount == 6)
        // example Sources/LoomText/Embedding/TypedFraming.swift
        let request = TypedFraming().strip("Can we sail to Stead now?")  // "sail to Stead now?"
        let purchase = TypedFraming().strip("I want to buy cedar timber")  // "buy cedar timber"
        // end example
        #expect(request == "sail to Stead now?" && purchase == "buy cedar timber")
    }

    @Test func guardsOfWrittenLines() {
        // example Sources/LoomText/Writing/LineGuard.swift
        var guardRules = LineGuard(knownNames: ["Saltmere", "Wren"], banned: WordList(["gold"]))
        guardRules.recentLines = ["The gulls circle the harbour."]
        let passes = guardRules.check("Wren waits by the harbour wall.")  // nil: the line passes
        let artefact = guardRules.check("Sure! Here is a line about Wren.")  // rule .chatArtefact
        // end example
        #expect(passes == nil)
        #expect(artefact?.rule == .chatArtefact)
        // example Sources/LoomText/Writing/OptionListGrammar.swift
        let grammar = OptionListGrammar(maxItems: 3)
        var state = grammar.start
        state = grammar.advance(state, over: "[\"Ring the")!
        let broken = grammar.advance(state, over: "\n")  // nil: no line break inside an option
        // end example
        #expect(broken == nil)
        #expect(grammar.advance(state, over: " bell\"]") != nil)
    }
}
