import LoomCore
import Testing

@testable import LoomText

/// The AVX-512 kernels against the AVX2 ones, bit for bit: a model must give the same tokens and
/// golden hashes on a CPU with AVX-512 as on one with AVX2 only, so every AVX-512 kernel keeps
/// the AVX2 kernel's float operations (KernelTests checks both against an exact reference).
@Suite("Kernel families")
struct KernelFamilyTests {
    static let avx512InUse = Kernels.name() == "avx512" && Kernels.name(.avx2) == "avx2"

    /// Row lengths in blocks: one to twenty, and the column counts of real models (Qwen2.5's
    /// 896 and 4864, SmolLM2's 576 and 1536).
    static func blockCounts(_ type: GGUFTensorType) -> [Int] {
        type.blockSize == 256 ? Array(1...8) + [19] : Array(1...20) + [18, 28, 48, 152]
    }

    /// Every (row, token) of products over 37 rows and 1 to 45 tokens (the tiles of sixteen and
    /// eight tokens, the four-token kernels, single rows and the rows past each tile's last four
    /// all run), and each single dot product.
    @Test(
        "the AVX-512 kernels give the AVX2 kernels' bits on random blocks of every type",
        .enabled(
            if: avx512InUse,
            "the AVX-512 kernels are not in use here (the CPU lacks AVX-512 F/BW/VL/VNNI, or LOOM_KERNELS is set)"
        ),
        arguments: KernelTests.types.filter { $0.blockSize > 1 })
    func avx512MatchesAVX2(type: GGUFTensorType) {
        for blocks in Self.blockCounts(type) {
            let (rows, columns) = (37, blocks * type.blockSize)
            let bytes = KernelTests.randomMatrix(type, rows: rows, columns: columns, seed: UInt64(blocks))
            var random = Seed(UInt64(blocks) &+ 1000).makeRandom()
            let most = 45
            // Mostly small inputs, with the odd large one, so blocks quantise with varied scales.
            let x = (0..<(columns * most)).map { i in (random.nextFloat() - 0.5) * (i % 97 == 0 ? 40 : 2) }
            bytes.withUnsafeBytes { raw in
                let matrix = WeightMatrix(type: type, base: raw.baseAddress!, rows: rows, columns: columns)
                let kind = matrix.activationKind
                let rowBytes = kind.rowBytes(columns: columns)
                var converted = [UInt8](repeating: 0, count: rowBytes * most)
                converted.withUnsafeMutableBytes {
                    kind.convert(x, count: most, columns: columns, into: $0.baseAddress!)
                }
                converted.withUnsafeBytes { a in
                    for count in [1, 3, 4, 8, 12, 16, 24, 29, most] {
                        var results: [[UInt32]] = []
                        for family in [Kernels.Family.best, .avx2] {
                            var out = [Float](repeating: .nan, count: rows * count)
                            out.withUnsafeMutableBufferPointer {
                                Kernels.multiply(
                                    matrix, rows: 0..<rows, activations: a.baseAddress!, activationBytes: rowBytes,
                                    count: count, into: $0.baseAddress!, outStride: rows, family: family)
                            }
                            results.append(out.map(\.bitPattern))
                        }
                        #expect(results[0] == results[1], "\(type), \(blocks) blocks a row, \(count) tokens")
                    }
                    for t in [0, 17, most - 1] {
                        let best = (0..<rows).map {
                            Kernels.dot(matrix, row: $0, activation: a.baseAddress! + t * rowBytes).bitPattern
                        }
                        let avx2 = (0..<rows).map {
                            Kernels.dot(matrix, row: $0, activation: a.baseAddress! + t * rowBytes, family: .avx2)
                                .bitPattern
                        }
                        #expect(best == avx2, "\(type), \(blocks) blocks a row, dot product of token \(t)")
                    }
                }
            }
        }
    }
}
