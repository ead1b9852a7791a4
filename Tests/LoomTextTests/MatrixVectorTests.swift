import LoomCore
import LoomLearn
import LoomText
import Testing

@Suite("BLAS matrix-vector product")
struct MatrixVectorTests {
    @Test("matches a plain Swift product on any thread count", arguments: [(1, 1), (7, 5), (300, 64), (1030, 96)])
    func matchesPlainProduct(rows: Int, columns: Int) {
        var random = Seed(UInt64(rows * 31 + columns)).makeRandom()
        let w = (0..<(rows * columns)).map { _ in random.nextFloat() * 2 - 1 }
        let x = (0..<columns).map { _ in random.nextFloat() * 2 - 1 }
        var expected = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            var sum: Double = 0
            for c in 0..<columns { sum += Double(w[r * columns + c]) * Double(x[c]) }
            expected[r] = Float(sum)
        }
        var one = [Float](repeating: .nan, count: rows)
        var many = [Float](repeating: .nan, count: rows)
        w.withUnsafeBufferPointer { pw in
            x.withUnsafeBufferPointer { px in
                one.withUnsafeMutableBufferPointer { py in
                    BLAS.matrixVectorProduct(
                        pw.baseAddress!, rows: rows, columns: columns, x: px.baseAddress!, into: py.baseAddress!)
                }
                many.withUnsafeMutableBufferPointer { py in
                    BLAS.matrixVectorProduct(
                        pw.baseAddress!, rows: rows, columns: columns, x: px.baseAddress!, into: py.baseAddress!,
                        threads: 3)
                }
            }
        }
        #expect(one == many)
        for (a, b) in zip(one, expected) { #expect(abs(a - b) <= 1e-5 * Float(columns)) }
    }
}

@Suite("Random-weight transformers")
struct RandomTransformerTests {
    @Test("the same seed gives the same weights and logits; the stories shapes are llama2.c's")
    func seededAndShapes() throws {
        let config = TransformerConfig(
            dim: 16, hiddenDim: 40, layerCount: 2, headCount: 4, kvHeadCount: 1, vocabularySize: 50, sequenceLength: 8,
            sharedClassifier: false)
        var a = TransformerState(try Transformer.random(config, seed: Seed(3)))
        var b = TransformerState(try Transformer.random(config, seed: Seed(3)))
        var c = TransformerState(try Transformer.random(config, seed: Seed(4)))
        let logits = try a.forward(token: 5, position: 0)
        #expect(try b.forward(token: 5, position: 0) == logits)
        #expect(try c.forward(token: 5, position: 0) != logits)
        let finite = logits.allSatisfy { $0.isFinite }
        #expect(finite)
        #expect(TransformerConfig.llama2cStories15M.hiddenDim == 768)
        #expect(TransformerConfig.llama2cStories42M.hiddenDim == 1376)
        #expect(TransformerConfig.llama2cStories110M.hiddenDim == 2048)
    }

    @Test("format detection by magic")
    func detection() throws {
        #expect(try TextModelFormat.detect(header: Array("LOOMNGRM....".utf8)) == .ngram)
        #expect(try TextModelFormat.detect(header: Array("GGUF\u{3}\0\0\0".utf8)) == .gguf)
        let header = [288, 768, 6, 6, 6, 32000, 256].flatMap { value in
            (0..<4).map { UInt8(truncatingIfNeeded: Int32(value) >> (8 * $0)) }
        }
        #expect(try TextModelFormat.detect(header: header) == .llama2c)
        #expect(throws: LoomError.self) { try TextModelFormat.detect(header: Array("hello, world".utf8)) }
    }
}
