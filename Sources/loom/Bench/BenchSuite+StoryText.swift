import Loom

extension BenchSuite {
    /// A story's `generate` call written by a world's transformer: random weights of the shapes
    /// planned for the shipped model (dim 128 and 192, 4 layers, vocabulary 512 and 768,
    /// context 128), the default settings (2 candidates of up to 40 tokens) and a story prompt
    /// of about 300 characters. Random weights rarely end a sentence, so each candidate runs
    /// its whole budget: the figure is the worst case of a call. Names read `d<dim> L<layers>
    /// v<vocabulary>, <candidates> x <tokens>`.
    static let storytext = BenchSuite(name: "storytext") {
        var benchmarks: [Benchmark] = []
        let context = StoryPrompt(
            facts: ["The crypt lies beneath the hill.", "24 rooms lie below.", "This room is the Ossuary."],
            lines: [
                "Warden: So you have come to the crypt. 24 rooms lie below.",
                "Bones are stacked to the ceiling in neat rows. Skulls watch from every alcove.",
            ], instruction: "The room")
        for (dim, vocabulary) in [(128, 512), (192, 768)] {
            let config = TransformerConfig(
                dim: dim, hiddenDim: TransformerConfig.llamaHiddenDim(dim: dim), layerCount: 4, headCount: dim / 32,
                kvHeadCount: dim / 32, vocabularySize: vocabulary, sequenceLength: 128)
            let generator = try TransformerGenerator(
                model: try Transformer.random(config, seed: Seed(text: "storytext \(dim)")),
                tokenizer: try benchTokenizer(vocabularySize: vocabulary))
            var text = WorldText(prose: generator)
            text.proseSettings = WorldProseSettings(model: "bench.gguf")
            for candidates in [2, 1] {
                var writer = text
                writer.proseSettings?.candidates = candidates
                var seed: UInt64 = 0
                benchmarks.append(
                    Benchmark(
                        name: "generate d\(dim) L4 v\(vocabulary), \(candidates) x 40 tokens",
                        unit: "calls/s", work: 1, scale: 1
                    ) {
                        seed &+= 1
                        blackHole(
                            try? writer.write(
                                prompt: "The room", context: context, fallback: "is cold.", seed: Seed(seed)))
                    })
            }
        }
        return benchmarks
    }

    /// A SentencePiece-style vocabulary of `vocabularySize` tokens: the three specials, the 256
    /// byte tokens, then letters and letter pairs with a leading space.
    static func benchTokenizer(vocabularySize: Int) throws -> LlamaTokenizer {
        var pieces: [[UInt8]] = [Array("<unk>".utf8), Array("<s>".utf8), Array("</s>".utf8)]
        for byte in 0..<256 { pieces.append(Array("<0x\(String(byte, radix: 16, uppercase: true).leftPadded)>".utf8)) }
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        var extra: [[UInt8]] = letters.map { [0x20, $0] }
        for first in letters { for second in letters { extra.append([first, second]) } }
        pieces += extra.prefix(max(0, vocabularySize - pieces.count))
        let scores = pieces.indices.map { -Float($0) }
        return try LlamaTokenizer(pieces: pieces, scores: scores)
    }
}

extension String {
    /// Two hex digits: a leading zero for a single digit.
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
