import LoomCore
import Testing

@testable import LoomLearn

/// The plain Swift product the BLAS path is checked against: `op(A)·op(B)` per batch item.
func referenceProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
    let (ra, rb) = (a.rank, b.rank)
    let m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2]
    let k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1]
    let n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1]
    let batchA = Tensor.count(of: Array(a.shape.dropLast(2)))
    let batchB = Tensor.count(of: Array(b.shape.dropLast(2)))
    let batch = max(batchA, batchB)
    let outBatch = batchA >= batchB ? Array(a.shape.dropLast(2)) : Array(b.shape.dropLast(2))
    var scalars = [Float](repeating: 0, count: batch * m * n)
    for item in 0..<batch {
        let baseA = batchA == 1 ? 0 : item * m * k
        let baseB = batchB == 1 ? 0 : item * k * n
        for i in 0..<m {
            for j in 0..<n {
                var total: Double = 0
                for p in 0..<k {
                    let x = a.scalars[baseA + (transposeA ? p * m + i : i * k + p)]
                    let y = b.scalars[baseB + (transposeB ? j * k + p : p * n + j)]
                    total += Double(x) * Double(y)
                }
                scalars[item * m * n + i * n + j] = Float(total)
            }
        }
    }
    return Tensor(shape: outBatch + [m, n], scalars: scalars)
}

struct MatMulCase: CustomTestStringConvertible, Sendable {
    var a: [Int]
    var b: [Int]
    var transposeA = false
    var transposeB = false
    var testDescription: String {
        "\(a)\(transposeA ? "ᵀ" : "") × \(b)\(transposeB ? "ᵀ" : "")"
    }
}

@Suite("Matrix products through BLAS")
struct MatMulTests {
    static let cases: [MatMulCase] = [
        MatMulCase(a: [1, 1], b: [1, 1]),
        MatMulCase(a: [3, 5], b: [5, 4]),
        MatMulCase(a: [5, 3], b: [5, 4], transposeA: true),
        MatMulCase(a: [3, 5], b: [4, 5], transposeB: true),
        MatMulCase(a: [5, 3], b: [4, 5], transposeA: true, transposeB: true),
        MatMulCase(a: [2, 3, 3, 5], b: [2, 3, 5, 2]),
        MatMulCase(a: [4, 6, 5], b: [5, 7]),
        MatMulCase(a: [4, 5, 6], b: [7, 5], transposeA: true, transposeB: true),
        MatMulCase(a: [6, 5], b: [3, 5, 2]),
        MatMulCase(a: [3, 6, 5], b: [3, 2, 5], transposeB: true),
        MatMulCase(a: [160, 130], b: [130, 150]),
        MatMulCase(a: [130, 160], b: [150, 130], transposeA: true, transposeB: true),
        MatMulCase(a: [8, 40, 70], b: [8, 70, 60]),
        MatMulCase(a: [600, 130], b: [130, 40]),
        MatMulCase(a: [40, 130], b: [600, 130], transposeB: true),
        MatMulCase(a: [130, 40], b: [130, 600], transposeA: true),
    ]

    @Test(arguments: cases)
    func matchesPlainSwiftProduct(_ test: MatMulCase) {
        let a = Tensor.randomUniform(shape: test.a, in: -1..<1, seed: Seed(1))
        let b = Tensor.randomUniform(shape: test.b, in: -1..<1, seed: Seed(2))
        let product = a.matmul(b, transposeA: test.transposeA, transposeB: test.transposeB)
        let expected = referenceProduct(a, b, transposeA: test.transposeA, transposeB: test.transposeB)
        #expect(product.shape == expected.shape)
        let worst = zip(product.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4)
    }

    @Test func largeProductsAreTheSameBytesOnAnyThreadCount() {
        // Above Compute.parallelThreshold, split into row chunks (single) or item chunks (batched).
        let a = Tensor.randomUniform(shape: [300, 200], in: -1..<1, seed: Seed(3))
        let b = Tensor.randomUniform(shape: [200, 180], in: -1..<1, seed: Seed(4))
        let batched = Tensor.randomUniform(shape: [6, 100, 90], in: -1..<1, seed: Seed(5))
        let weights = Tensor.randomUniform(shape: [80, 90], in: -1..<1, seed: Seed(6))
        let wide = Tensor.randomUniform(shape: [200, 600], in: -1..<1, seed: Seed(7))
        #expect(2 * 300 * 200 * 180 >= Compute.parallelThreshold)
        let saved = Compute.threadCount
        defer { Compute.threadCount = saved }
        var results: [[Tensor]] = []
        for threads in [1, 2, 3] {
            Compute.threadCount = threads
            results.append([
                a.matmul(b), a.matmul(b.transposed(), transposeB: true),
                b.matmul(a, transposeA: true, transposeB: true),
                batched.matmul(batched, transposeB: true), batched.matmul(weights, transposeB: true),
                b.matmul(wide, transposeA: true), a.matmul(a, transposeA: true),
            ])
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
        let expected = referenceProduct(a, b, transposeA: false, transposeB: false)
        #expect(zip(results[0][0].scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func emptyDimensionsGiveEmptyOrZeroResults() {
        let a = Tensor(zeros: [0, 3])
        let b = Tensor(zeros: [3, 2])
        #expect(a.matmul(b).shape == [0, 2])
        let c = Tensor(zeros: [2, 0]).matmul(Tensor(zeros: [0, 3]))
        #expect(c == Tensor(zeros: [2, 3]))
    }
}

@Suite("The raw OpenBLAS reference used by loom bench")
struct ReferenceProductTests {
    @Test func agreesWithTensorMatmul() {
        let a = Tensor.randomUniform(shape: [48, 48], in: -1..<1, seed: Seed(8))
        let b = Tensor.randomUniform(shape: [48, 48], in: -1..<1, seed: Seed(9))
        var c = [Float](repeating: 0, count: 48 * 48)
        BLAS.referenceProduct(a.scalars, b.scalars, into: &c, side: 48, threads: 1)
        #expect(c == a.matmul(b).scalars)
    }
}
