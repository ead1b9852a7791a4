import Foundation
import Loom

extension BenchSuite {
    /// A story's `generate` call written by a world's transformer: random weights of the shapes
    /// planned for the shipped model (dim 128 and 192, 4 layers, vocabulary 512 and 768,
    /// context 128), the default settings (2 candidates of up to 40 tokens) and a story prompt
    /// of about 300 characters. Random weights rarely end a sentence, so each candidate runs
    /// its whole budget: the figure is the worst case of a call. Names read `d<dim> L<layers>
    /// v<vocabulary>, <candidates> x <tokens>`.
    static let storytext = BenchSuite(name: "storytext") {
        var benchmarks = try smolLM2StoryText()
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

    /// The shipped worlds' writer, SmolLM2-135M-Instruct through its chat template, on one
    /// thread, when the model is on the search path (else a note and no rows): a story line
    /// (the isles' voice and facts, the recent lines of a story that grows by one line a call,
    /// an opening) with the session warm (what earlier calls computed stays cached, as in play)
    /// and cold (the cache emptied first), with one and three candidates, and a set of two
    /// generated options.
    static func smolLM2StoryText() throws -> [Benchmark] {
        guard let path = ModelSearchPath().find("SmolLM2-135M-Instruct.Q4_1.gguf") else {
            FileHandle.standardError.write(
                Data(
                    "storytext: SmolLM2-135M-Instruct.Q4_1.gguf is absent (Scripts/fetch-models); its rows are skipped\n"
                        .utf8))
            return []
        }
        let writer = try ChatWriter(model: path)
        let system =
            "You are the narrator of a sea adventure game set on a warm archipelago of green islands, fishing towns "
            + "and coral reefs. You write short, plain, vivid sentences in English, in the present tense. "
            + "36 islands rise from the warm sea. The greatest town of the isles is Stead."
        let scenes = [
            "The captain looks at the sky.", "Gulls circle the harbour of Stead.", "A fisherman mends his nets.",
            "The bell of the harbour rings twice.", "Rain drums on the roofs of the quay.",
            "A boy runs along the pier with a basket of crabs.", "The lighthouse keeper waves from the gallery.",
        ]
        let openings = ["The tide", "The wind", "The sky over the harbour", "The old pier", "The fishermen"]
        var benchmarks: [Benchmark] = []
        for (name, warm, candidates) in [("warm", true, 1), ("cold", false, 1), ("warm", true, 3)] {
            var call = 0
            benchmarks.append(
                Benchmark(
                    name: "SmolLM2 line, \(name) session, \(candidates) candidate\(candidates == 1 ? "" : "s")",
                    unit: "lines/s", work: 1, scale: 1
                ) {
                    call += 1
                    if !warm { writer.resetCache() }
                    // The story grows by a line a call; the scene starts at a multiple of 3 lines, as
                    // worlds align it, so consecutive calls share their beginning.
                    let start = max(0, call - 3) / 3 * 3
                    let scene = (start..<call).map { scenes[$0 % scenes.count] }
                    let request = StoryLineRequest(
                        system: system, scene: scene, prefix: openings[call % openings.count], maxWords: 20,
                        candidates: candidates, seed: Seed(UInt64(call)))
                    blackHole(try? writer.writeLine(request, guard: LineGuard(knownNames: ["Stead"])))
                })
        }
        var call = 0
        benchmarks.append(
            Benchmark(name: "SmolLM2 option set of 2, warm session", unit: "sets/s", work: 1, scale: 1) {
                call += 1
                let request = StoryOptionsRequest(
                    system: system, scene: Array(scenes.prefix(3)),
                    instruction: "what the player might do at the harbour",
                    count: 2, authored: ["Ask about the tide"], seed: Seed(UInt64(call)))
                blackHole(try? writer.writeOptions(request, guard: LineGuard(knownNames: ["Stead"])))
            })
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
