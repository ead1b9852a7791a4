import Foundation
import Loom

/// Options of `loom bench` that pick what the transformer benchmarks run.
enum TransformerBenchOptions {
    /// A model file (llama2.c or GGUF), or a stories shape name for random weights; `nil`
    /// benchmarks the random-weight `stories15M` shape.
    nonisolated(unsafe) static var model: String?
    /// A llama2.c `tokenizer.bin` whose encoding speed is measured too; `nil` skips it.
    nonisolated(unsafe) static var tokenizer: String?
    /// Positions each decoding iteration runs (capped at the model's context); `nil` for 128.
    nonisolated(unsafe) static var steps: Int?

    /// The random-weight shapes `--transformer` accepts by name.
    static let shapes: [String: TransformerConfig] = [
        "stories15M": .llama2cStories15M, "stories42M": .llama2cStories42M, "stories110M": .llama2cStories110M,
    ]
}

extension BenchSuite {
    /// Transformer decoding speed: tokens per second on one thread and on all cores.
    ///
    /// Each iteration decodes 128 positions (`--steps`) from an empty cache (forward pass plus
    /// greedy sampling, as llama2.c's `run -n` reports); the prompt and tokenizer are not involved.
    static func transformerBenchmarks() throws -> [Benchmark] {
        let name = TransformerBenchOptions.model ?? "stories15M"
        let model: Transformer
        if let shape = TransformerBenchOptions.shapes[name] {
            model = try Transformer.random(shape, seed: Seed(text: name))
        } else {
            model = try Transformer.load(from: name)
        }
        let label =
            TransformerBenchOptions.shapes[name] != nil
            ? "\(name) random" : URL(fileURLWithPath: name).lastPathComponent
        let steps = min(TransformerBenchOptions.steps ?? 128, model.config.sequenceLength)
        let cores = Parallel.defaultThreadCount
        var benchmarks: [Benchmark] = []
        if let path = TransformerBenchOptions.tokenizer {
            let tokenizer = try LlamaTokenizer.loadLlama2c(from: path, vocabularySize: model.config.vocabularySize)
            let grammar = try Grammar(json: TextBenchCorpus.grammar, file: "<bench grammar>")
            let text = try TextBenchCorpus.make(grammar: grammar, bytes: 8 << 10)
            let lines = text.split(separator: "\n").map(String.init)
            benchmarks.append(
                Benchmark(name: "tokenizer.encode (lines)", unit: "MB/s", work: Double(text.utf8.count)) {
                    var count = 0
                    for line in lines { count &+= tokenizer.encode(line).count }
                    blackHole(count)
                })
        }
        // A long-context model file gets llama-bench's rows, unless --steps asks for llama2.c's.
        if TransformerBenchOptions.shapes[name] == nil, model.config.sequenceLength >= 264,
            TransformerBenchOptions.steps == nil
        {
            return benchmarks + promptBenchmarks(model, label: label)
        }
        return benchmarks
            + [1, cores].map { threads in
                Benchmark(
                    name: "transformer \(label) \(threads) thread\(threads == 1 ? "" : "s")", unit: "tokens/s",
                    work: Double(steps), scale: 1
                ) {
                    var state = TransformerState(model, threads: threads)
                    var sampler = TokenSampler(seed: Seed(1), temperature: 0)
                    var token = 1
                    for position in 0..<steps {
                        token = (try? state.forward(token: token, position: position) { sampler.sample($0) }) ?? 1
                    }
                    blackHole(token)
                }
            }
    }

    /// A GGUF model as `llama-bench -p 200 -n 64` measures it (prompt processing of 200 tokens
    /// in one batch, then generation of 64 tokens one at a time, on 1 and 2 threads), and the time
    /// to the first token of a 200-token prompt from an empty cache and after a cached 180-token
    /// prefix (a story call that resends the same world facts).
    static func promptBenchmarks(_ model: Transformer, label: String) -> [Benchmark] {
        var random = Seed(text: "bench prompt").makeRandom()
        let vocabulary = model.config.vocabularySize
        let prompt = (0..<200).map { _ in Int.random(in: min(100, vocabulary - 1)..<vocabulary, using: &random) }
        var benchmarks: [Benchmark] = []
        for threads in [1, 2] {
            let suffix = "\(threads) thread\(threads == 1 ? "" : "s")"
            var state = TransformerState(model, threads: threads)
            benchmarks.append(
                Benchmark(name: "\(label) pp200 \(suffix)", unit: "tokens/s", work: 200, scale: 1) {
                    blackHole(try? state.forward(tokens: prompt, startingAt: 0) { $0[0] })
                })
            benchmarks.append(
                Benchmark(name: "\(label) tg64 \(suffix)", unit: "tokens/s", work: 64, scale: 1) {
                    var token = 1
                    for position in 0..<64 {
                        token = (try? state.forward(token: token, position: position) { greedy($0) }) ?? 1
                    }
                    blackHole(token)
                })
        }
        benchmarks += longContextBenchmarks(model, label: label)
        let cold = TransformerSession(model, threads: 2)
        benchmarks.append(
            Benchmark(name: "\(label) first token, 200 new, 2 threads", unit: "prompts/s", work: 1, scale: 1) {
                cold.reset()
                blackHole(try? cold.logits(after: prompt) { greedy($0) })
            })
        let warm = TransformerSession(model, threads: 2)
        let other = Array(prompt.prefix(180)) + prompt.suffix(20).reversed()
        var flip = false
        benchmarks.append(
            Benchmark(
                name: "\(label) first token, 180 cached + 20 new, 2 threads", unit: "prompts/s", work: 1, scale: 1
            ) {
                flip.toggle()
                blackHole(try? warm.logits(after: flip ? prompt : other) { greedy($0) })
            })
        return benchmarks
    }

    /// Generation deep in a long context, as `llama-bench -n 64 -d 2000` measures it: 64 tokens
    /// at positions 2000 ..< 2064 after a 2000-token prompt (filled during the warm-up, not
    /// timed), where every token's attention reads 2000 cached keys and values
    /// per layer. Skipped for models whose context is shorter.
    static func longContextBenchmarks(_ model: Transformer, label: String) -> [Benchmark] {
        let depth = 2000
        guard model.config.sequenceLength >= depth + 64 else { return [] }
        var random = Seed(text: "bench long prompt").makeRandom()
        let vocabulary = model.config.vocabularySize
        let prompt = (0..<depth).map { _ in Int.random(in: min(100, vocabulary - 1)..<vocabulary, using: &random) }
        return [1, 2].map { threads in
            var state = TransformerState(model, threads: threads)
            var filled = false
            return Benchmark(
                name: "\(label) tg64 at 2000 \(threads) thread\(threads == 1 ? "" : "s")", unit: "tokens/s", work: 64,
                scale: 1
            ) {
                if !filled {
                    _ = try? state.forward(tokens: prompt, startingAt: 0) { $0[0] }
                    filled = true
                }
                var token = 1
                for position in depth..<(depth + 64) {
                    token = (try? state.forward(token: token, position: position) { greedy($0) }) ?? 1
                }
                blackHole(token)
            }
        }
    }

    private static func greedy(_ logits: UnsafeMutableBufferPointer<Float>) -> Int {
        var best = 0
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return best
    }
}
