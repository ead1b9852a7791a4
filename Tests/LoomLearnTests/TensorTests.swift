import LoomCore
import Testing

@testable import LoomLearn

@Suite("Tensor operations")
struct TensorTests {
    let matrix = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test func storageIsRowMajorAndCopyOnWrite() {
        var copy = matrix
        copy[1, 0] = 40
        #expect(matrix[1, 0] == 4)
        #expect(copy.scalars == [1, 2, 3, 40, 5, 6])
        #expect(matrix.strides == [3, 1])
        #expect(matrix.reshaped([3, -1]).shape == [3, 2])
    }

    @Test func broadcastingFollowsNumPy() {
        let row = Tensor([10, 20, 30])
        let column = Tensor(shape: [2, 1], scalars: [100, 200])
        #expect((matrix + row).scalars == [11, 22, 33, 14, 25, 36])
        #expect((matrix - column).scalars == [-99, -98, -97, -196, -195, -194])
        #expect((row * column).shape == [2, 3])
        #expect((row * column).scalars == [1000, 2000, 3000, 2000, 4000, 6000])
        #expect((matrix / Tensor(2)).scalars == [0.5, 1, 1.5, 2, 2.5, 3])
        let cube = Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        #expect(
            (cube + Tensor(shape: [3, 1], scalars: [0, 10, 20])).scalars == [
                1, 2, 11, 12, 21, 22, 3, 4, 13, 14, 23, 24,
            ])
    }

    @Test func reductionsOverAxes() {
        #expect(matrix.sum().scalar == 21)
        #expect(matrix.sum(alongAxes: [0]).scalars == [5, 7, 9])
        #expect(matrix.sum(alongAxes: [1], keepingDimensions: true).shape == [2, 1])
        #expect(matrix.sum(alongAxes: [-1]).scalars == [6, 15])
        #expect(matrix.mean(alongAxes: [0, 1]).scalars == [3.5])
        #expect(matrix.max(alongAxes: [1]).scalars == [3, 6])
        #expect(Tensor(shape: [3, 3], scalars: [0, 2, 2, 5, 1, 0, -1, -3, -2]).argmax() == [1, 0, 0])
        #expect(matrix.max(alongAxes: [0], keepingDimensions: true).scalars == [4, 5, 6])
        #expect(Tensor(shape: [2, 3], scalars: [1, 1, 1, 2, 2, 2]).summed(toShape: [3]).scalars == [3, 3, 3])
    }

    @Test func shapeOperations() {
        #expect(matrix.transposed().scalars == [1, 4, 2, 5, 3, 6])
        let cube = Tensor(shape: [2, 3, 4]) { Float($0) }
        let permuted = cube.permuted([2, 0, 1])
        #expect(permuted.shape == [4, 2, 3])
        #expect(permuted[3, 1, 2] == cube[1, 2, 3])
        #expect(Tensor.concatenate([matrix, matrix], alongAxis: 1).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(Tensor.concatenate([matrix, matrix], alongAxis: 0).shape == [4, 3])
        #expect(matrix.slice(1..<3, alongAxis: 1).scalars == [2, 3, 5, 6])
        #expect(cube.slice(1..<2, alongAxis: 1).scalars == [4, 5, 6, 7, 16, 17, 18, 19])
    }

    @Test func softmaxIsStableAndCausalMasksTheFuture() {
        let huge = Tensor([1000, 1001, 1002])
        let probabilities = huge.softmax()
        #expect(abs(probabilities.scalars.reduce(0, +) - 1) < 1e-6)
        #expect(abs(probabilities.scalars[2] - 0.665_240_9) < 1e-5)
        let logProbabilities = Tensor([0, -1000]).logSoftmax()
        #expect(logProbabilities.scalars[1] == -1000)
        let causal = Tensor(zeros: [3, 3]).softmax(causal: true)
        let third: Float = 1 / 3
        let expected: [Float] = [1, 0, 0, 0.5, 0.5, 0, third, third, third]
        #expect(causal.scalars == expected)
        let cached = Tensor(zeros: [1, 3]).softmax(causal: true)
        #expect(cached.scalars == [third, third, third])
    }

    @Test func crossEntropyIgnoresTheIgnoreIndex() {
        let logits = Tensor(shape: [3, 2], scalars: [0, 0, 5, -5, 3, 1])
        let all = logits.crossEntropy(targets: [0, 0, 1])
        let some = logits.crossEntropy(targets: [0, -1, -1], ignoreIndex: -1)
        #expect(abs(some.scalar - Float(0.693_147_2)) < 1e-6)
        let expected = (0.693_147_2 + 4.539_890_5e-5 + 2.126_928) / 3
        #expect(abs(Double(all.scalar) - expected) < 1e-5)
        #expect(logits.crossEntropy(targets: [-1, -1, -1], ignoreIndex: -1).scalar == 0)
    }

    @Test func activationsAtKnownPoints() {
        let x = Tensor([-2, 0, 1])
        #expect(x.relu().scalars == [0, 0, 1])
        // tanh-approximated GELU(1) = 0.841192, exact x·Φ(x) is 0.841345.
        #expect(abs(x.gelu().scalars[2] - 0.841_192) < 1e-5)
        #expect(abs(x.silu().scalars[0] - -0.238_405_8) < 1e-6)
        #expect(x.sigmoid().scalars[1] == 0.5)
        #expect(Tensor([-100, 100]).sigmoid().scalars == [Float(3.720_076e-44), 1])
    }

    @Test func normalisationsGiveUnitRows() {
        let x = Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, -2, 0, 2, 4])
        let normalized = x.layerNorm(epsilon: 0)
        for row in 0..<2 {
            let values = normalized.scalars[(row * 4)..<(row * 4 + 4)]
            #expect(abs(values.reduce(0, +)) < 1e-5)
            #expect(abs(values.map { $0 * $0 }.reduce(0, +) / 4 - 1) < 1e-5)
        }
        let rms = Tensor([3, 4]).rmsNorm(weight: Tensor([2, 1]), epsilon: 0)
        let scale = Float(12.5).squareRoot()
        #expect(abs(rms.scalars[0] - 6 / scale) < 1e-6 && abs(rms.scalars[1] - 4 / scale) < 1e-6)
    }

    @Test func embeddingGathersRows() {
        let table = Tensor(shape: [3, 2], scalars: [0, 1, 10, 11, 20, 21])
        let rows = table.embedding([2, 0, 2, 1], shape: [2, 2])
        #expect(rows.shape == [2, 2, 2])
        #expect(rows.scalars == [20, 21, 0, 1, 20, 21, 10, 11])
    }

    @Test func dropoutIsSeededAndKeepsTheExpectedValue() {
        let ones = Tensor(repeating: 1, shape: [10_000])
        let first = ones.dropout(rate: 0.25, seed: Seed(7))
        #expect(first == ones.dropout(rate: 0.25, seed: Seed(7)))
        #expect(first != ones.dropout(rate: 0.25, seed: Seed(8)))
        let kept = first.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 4.0 / 3) < 1e-6 })
        #expect(abs(Float(kept.count) / 10_000 - 0.75) < 0.02)
        let pattern = first.scalars.prefix(16).map { $0 == 0 ? "." : "#" }.joined()
        #expect(pattern == "######..#.######")  // pinned: the mask stream must never change
    }
}

@Suite("Tensors and grids")
struct TensorGridTests {
    @Test func gridsConvertBothWays() {
        let grid = Grid(width: 3, height: 2, computing: { x, y in Float(10 * y + x) })
        let tensor = Tensor(grid)
        #expect(tensor.shape == [2, 3])
        #expect(tensor[1, 2] == 12)
        #expect(tensor.grid().cells == grid.cells)
        let tiles = Grid(width: 2, height: 2, cells: [0, 2, 2, 1])!
        let oneHot = Tensor(oneHot: tiles, classes: 3)
        #expect(oneHot.shape == [3, 2, 2])
        #expect(oneHot.scalars == [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0])
    }
}
