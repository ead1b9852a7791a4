import Loom

extension BenchSuite {
    /// Matrix products through `Tensor` against raw OpenBLAS, and training-step throughput.
    static let learn = BenchSuite(name: "learn") {
        var benchmarks: [Benchmark] = []
        let all = Parallel.defaultThreadCount
        for side in [1024, 2048] {
            let a = Tensor.randomUniform(shape: [side, side], in: -1..<1, seed: Seed(1))
            let b = Tensor.randomUniform(shape: [side, side], in: -1..<1, seed: Seed(2))
            var c = [Float](repeating: 0, count: side * side)
            let flops = 2 * Double(side) * Double(side) * Double(side)
            for threads in Array(Set([1, all])).sorted() {
                benchmarks.append(
                    Benchmark(
                        name: "sgemm \(side)² raw OpenBLAS, \(threads) thread\(threads == 1 ? "" : "s")",
                        unit: "GFLOP/s", work: flops, scale: 1e-9
                    ) {
                        BLAS.referenceProduct(a.scalars, b.scalars, into: &c, side: side, threads: threads)
                        blackHole(c[0])
                    })
                benchmarks.append(
                    Benchmark(
                        name: "sgemm \(side)² Tensor.matmul, \(threads) thread\(threads == 1 ? "" : "s")",
                        unit: "GFLOP/s", work: flops, scale: 1e-9
                    ) {
                        Compute.threadCount = threads
                        blackHole(a.matmul(b))
                        Compute.threadCount = all
                    })
            }
        }
        benchmarks.append(mlpTrainingStep())
        benchmarks.append(attentionTrainingStep())
        benchmarks.append(contentsOf: neuralTileBenchmarks())
        return benchmarks
    }

    /// One AdamW step of a 64→256→256→10 GELU MLP on a batch of 128.
    private static func mlpTrainingStep() -> Benchmark {
        let sizes = [64, 256, 256, 10]
        let layers = (0..<3).map {
            Linear(name: "mlp.\($0)", inputSize: sizes[$0], outputSize: sizes[$0 + 1], seed: Seed(3))
        }
        let parameters = layers.flatMap(\.parameters)
        let optimizer = AdamW(parameters: parameters)
        let inputs = Tensor.randomNormal(shape: [128, 64], seed: Seed(4))
        var random = Seed(5).makeRandom()
        let labels = (0..<128).map { _ in random.nextInt(below: 10) }
        return Benchmark(name: "MLP 64-256-256-10 AdamW step, batch 128", unit: "steps/s", work: 1, scale: 1) {
            let tape = Tape()
            var h = tape.constant(inputs)
            for (index, layer) in layers.enumerated() {
                h = layer(h)
                if index < layers.count - 1 { h = h.gelu() }
            }
            let loss = h.crossEntropy(targets: labels)
            tape.backward(from: loss)
            optimizer.step()
            blackHole(loss.value.scalar)
        }
    }

    /// One AdamW step of a pre-norm transformer block (attention and a GELU MLP) with
    /// 128 features and 4 heads over 8 sequences of 64 tokens.
    private static func attentionTrainingStep() -> Benchmark {
        let (batch, time, features, vocabulary) = (8, 64, 128, 64)
        let seed = Seed(6)
        let tokens = Embedding(name: "tokens", count: vocabulary, features: features, seed: seed)
        let positions = Embedding(name: "positions", count: time, features: features, seed: seed)
        let norm1 = RMSNorm(name: "norm1", features: features)
        let attention = CausalSelfAttention(name: "attention", features: features, heads: 4, seed: seed)
        let norm2 = RMSNorm(name: "norm2", features: features)
        let up = Linear(name: "up", inputSize: features, outputSize: 4 * features, seed: seed)
        let down = Linear(name: "down", inputSize: 4 * features, outputSize: features, seed: seed)
        let head = Linear(name: "head", inputSize: features, outputSize: vocabulary, seed: seed)
        let modules: [any Module] = [tokens, positions, norm1, attention, norm2, up, down, head]
        let optimizer = AdamW(parameters: ModuleList(modules).parameters)
        var random = Seed(7).makeRandom()
        let ids = (0..<(batch * time)).map { _ in random.nextInt(below: vocabulary) }
        let targets = ids.indices.map { $0 % time == 0 ? -1 : ids[$0 - 1] }
        let name = "attention block AdamW step, \(batch)×\(time) tokens, 128 wide"
        return Benchmark(name: name, unit: "k tokens/s", work: Double(batch * time), scale: 1e-3) {
            let tape = Tape()
            var x = tokens(ids, shape: [batch, time], on: tape) + positions(Array(0..<time), on: tape)
            x = x + attention(norm1(x))
            x = x + down(up(norm2(x)).gelu())
            let loss = head(x).crossEntropy(targets: targets, ignoreIndex: -1)
            tape.backward(from: loss)
            clipGradientNorm(optimizer.parameters, maxNorm: 1)
            optimizer.step()
            blackHole(loss.value.scalar)
        }
    }
}
