import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The quantised kernels of `CLoomKernels` against a plain reference: the weights decoded by
/// the (separately tested) Swift dequantiser, the converted activations decoded from their
/// blocks, and the dot product summed in Double.
@Suite("Quantised kernels")
struct KernelTests {
    static let types: [GGUFTensorType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K]

    /// A random `rows × columns` matrix of `type`: random bytes with finite scales in place.
    static func randomMatrix(_ type: GGUFTensorType, rows: Int, columns: Int, seed: UInt64) -> [UInt8] {
        var random = Seed(seed).makeRandom()
        let count = rows * columns
        switch type {
        case .f32:
            return (0..<count).flatMap { _ in
                withUnsafeBytes(of: (random.nextFloat() * 2 - 1).bitPattern.littleEndian, Array.init)
            }
        case .f16:
            return (0..<count).flatMap { _ in
                withUnsafeBytes(of: Float16(random.nextFloat() * 2 - 1).bitPattern.littleEndian, Array.init)
            }
        case .bf16:
            return (0..<count).flatMap { _ in
                withUnsafeBytes(of: UInt16((random.nextFloat() * 2 - 1).bitPattern >> 16).littleEndian, Array.init)
            }
        default: break
        }
        var bytes = (0..<(count / type.blockSize * type.blockBytes)).map { _ in
            UInt8.random(in: 0...255, using: &random)
        }
        let halves: [Int] =
            switch type {
            case .q4_0, .q5_0, .q8_0: [0]
            case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
            case .q6_K: [208]
            default: []
            }
        for block in 0..<(count / type.blockSize) {
            for offset in halves {
                let bits = Float16((random.nextFloat() * 0.02 + 0.001) * (offset == 0 ? 1 : -1)).bitPattern
                bytes[block * type.blockBytes + offset] = UInt8(bits & 0xFF)
                bytes[block * type.blockBytes + offset + 1] = UInt8(bits >> 8)
            }
        }
        return bytes
    }

    /// The values a converted activation row stands for.
    static func decodeActivation(_ bytes: UnsafeRawPointer, kind: ActivationKind, columns: Int) -> [Double] {
        switch kind {
        case .float:
            return (0..<columns).map { Double(bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self)) }
        case .blocks32:
            return (0..<columns).map { i in
                let block = bytes + (i / 32) * 44
                let d = block.loadUnaligned(as: Float.self)
                return Double(d) * Double(block.load(fromByteOffset: 12 + i % 32, as: Int8.self))
            }
        case .blocks256:
            return (0..<columns).map { i in
                let block = bytes + (i / 256) * 292
                let d = block.loadUnaligned(as: Float.self)
                return Double(d) * Double(block.load(fromByteOffset: 4 + i % 256, as: Int8.self))
            }
        }
    }

    func kindBlock(_ kind: ActivationKind) -> Int { kind == .blocks32 ? 32 : 256 }

    static func columnCounts(_ type: GGUFTensorType) -> [Int] {
        type.blockSize == 1 ? [1, 7, 33, 100, 257] : [1, 3, 7].map { $0 * type.blockSize }
    }

    @Test("each kernel equals the decoded product; the activation error stays within half a step", arguments: types)
    func matchesReference(type: GGUFTensorType) {
        for columns in Self.columnCounts(type) {
            let rows = 5
            let matrixBytes = Self.randomMatrix(type, rows: rows, columns: columns, seed: UInt64(columns))
            var random = Seed(UInt64(columns) &+ 99).makeRandom()
            let x = (0..<columns).map { _ in random.nextFloat() * 4 - 2 }
            matrixBytes.withUnsafeBytes { raw in
                let matrix = WeightMatrix(type: type, base: raw.baseAddress!, rows: rows, columns: columns)
                let kind = matrix.activationKind
                var converted = [UInt8](repeating: 0, count: kind.rowBytes(columns: columns))
                converted.withUnsafeMutableBytes { kind.convert(x, count: 1, columns: columns, into: $0.baseAddress!) }
                let activation = converted.withUnsafeBytes {
                    Self.decodeActivation($0.baseAddress!, kind: kind, columns: columns)
                }
                // Each quantised activation lies within half a step (d/2 = block max / 254) of its
                // input, plus, for blocks of 32, the half-precision rounding of d (2^-11 · 127 d).
                for (i, value) in activation.enumerated() {
                    let block =
                        type.blockSize == 1
                        ? i..<(i + 1)
                        : (i / kindBlock(kind) * kindBlock(kind))..<((i / kindBlock(kind) + 1) * kindBlock(kind))
                    let largest = x[block].map { abs(Double($0)) }.max() ?? 0
                    let bound = type.blockSize == 1 ? 0 : largest / 127 * (kind == .blocks32 ? 0.5625 : 0.5001)
                    #expect(abs(value - Double(x[i])) <= bound)
                }
                var decoded = [Float](repeating: 0, count: columns)
                for row in 0..<rows {
                    decoded.withUnsafeMutableBufferPointer { matrix.decodeRow(row, into: $0.baseAddress!) }
                    var exact: Double = 0
                    var magnitude: Double = 0
                    for i in 0..<columns {
                        exact += Double(decoded[i]) * activation[i]
                        magnitude += abs(Double(decoded[i]) * activation[i])
                    }
                    // Q4_1 and Q5_1 take each block's activation sum at half precision (as
                    // ggml does): allow its rounding, 2^-11 of m · Σ activations per block.
                    var sumRounding: Double = 0
                    if type == .q4_1 || type == .q5_1 {
                        for block in 0..<(columns / 32) {
                            let offset = row * matrix.rowBytes + block * type.blockBytes + 2
                            let m = Float16(bitPattern: UInt16(raw[offset]) | UInt16(raw[offset + 1]) << 8)
                            let blockSum = activation[(block * 32)..<(block * 32 + 32)].reduce(0, +)
                            sumRounding += abs(Double(m) * blockSum) / 2048
                        }
                    }
                    for family in [Kernels.Family.scalar, .best] {
                        let result = converted.withUnsafeBytes { a in
                            Kernels.dot(matrix, row: row, activation: a.baseAddress!, family: family)
                        }
                        // Float sums of up to a few hundred terms: a relative error of 1e-5
                        // of the sum of magnitudes is ample and far below any real mistake.
                        let error = abs(Double(result) - exact)
                        let bound = 1e-5 * magnitude + 1e-6 + sumRounding
                        #expect(
                            error <= bound,
                            "\(type) \(columns) columns, row \(row), \(family): \(result) vs \(exact)")
                    }
                }
            }
        }
    }

    /// Also checks that the four-row, four-token and tile kernels each give every row's single
    /// dot product bit for bit (37 rows, 29 activation rows: tiles of 16 and of 8 tokens, then
    /// four tokens, one token, and the rows past each tile's last four all run).
    @Test("a product split into row ranges equals the whole and each dot product, bit for bit", arguments: types)
    func rowSplitsAgree(type: GGUFTensorType) {
        let (rows, columns, count) = (37, 3 * type.blockSize * (type.blockSize == 1 ? 64 : 1), 29)
        let bytes = Self.randomMatrix(type, rows: rows, columns: columns, seed: 5)
        var random = Seed(6).makeRandom()
        let x = (0..<(columns * count)).map { _ in random.nextFloat() - 0.5 }
        bytes.withUnsafeBytes { raw in
            let matrix = WeightMatrix(type: type, base: raw.baseAddress!, rows: rows, columns: columns)
            let kind = matrix.activationKind
            let rowBytes = kind.rowBytes(columns: columns)
            var converted = [UInt8](repeating: 0, count: rowBytes * count)
            converted.withUnsafeMutableBytes { kind.convert(x, count: count, columns: columns, into: $0.baseAddress!) }
            var whole = [Float](repeating: .nan, count: rows * count)
            var split = [Float](repeating: .nan, count: rows * count)
            converted.withUnsafeBytes { a in
                whole.withUnsafeMutableBufferPointer { out in
                    Kernels.multiply(
                        matrix, rows: 0..<rows, activations: a.baseAddress!, activationBytes: rowBytes, count: count,
                        into: out.baseAddress!, outStride: rows)
                }
                split.withUnsafeMutableBufferPointer { out in
                    for range in [0..<5, 5..<21, 21..<37] {
                        Kernels.multiply(
                            matrix, rows: range, activations: a.baseAddress!, activationBytes: rowBytes, count: count,
                            into: out.baseAddress!, outStride: rows)
                    }
                }
                for t in 0..<count {
                    for r in 0..<rows {
                        #expect(
                            whole[t * rows + r]
                                == Kernels.dot(matrix, row: r, activation: a.baseAddress! + t * rowBytes))
                    }
                }
            }
            #expect(whole.map(\.bitPattern) == split.map(\.bitPattern))
        }
    }

    /// The SIMD conversion of activations must give the portable conversion's bytes: every
    /// kernel reads them, so a difference would change results between machines.
    @Test(
        "activations convert to the same bytes on the fastest kernels as on the portable ones",
        arguments: [ActivationKind.blocks32, .blocks256])
    func conversionMatchesScalar(kind: ActivationKind) {
        let columns = 4 * 256
        var random = Seed(41).makeRandom()
        for trial in 0..<40 {
            var x = (0..<columns).map { _ in (random.nextFloat() * 2 - 1) * Float(trial % 5 + 1) }
            // Zero blocks, the largest magnitude twice with both signs, halfway cases and tiny values.
            for i in 256..<288 { x[i] = 0 }
            x[300] = 9
            x[301] = -9
            x[302] = 4.5
            if trial % 3 == 0 { x[700] = -12 }
            if trial % 4 == 1 { for i in 512..<768 { x[i] *= 1e-30 } }
            let bytes = kind.rowBytes(columns: columns)
            var fast = [UInt8](repeating: 0, count: bytes)
            var portable = [UInt8](repeating: 1, count: bytes)
            x.withUnsafeBufferPointer { input in
                fast.withUnsafeMutableBytes {
                    kind.convert(input.baseAddress!, count: 1, columns: columns, into: $0.baseAddress!)
                }
                portable.withUnsafeMutableBytes {
                    kind.convert(
                        input.baseAddress!, count: 1, columns: columns, into: $0.baseAddress!, family: .scalar)
                }
            }
            #expect(fast == portable, "\(kind) trial \(trial)")
        }
    }

    @Test("the kernels in use are the fastest this CPU has")
    func dispatch() {
        #if arch(x86_64)
            let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("flags") }
                .map { Set($0.split(separator: " ").map(String.init)) }
            if let flags {
                let hasAVX2 = flags.isSuperset(of: ["avx2", "fma", "f16c"])
                let hasAVX512 = hasAVX2 && flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512_vnni"])
                let fastest = hasAVX512 ? "avx512" : hasAVX2 ? "avx2" : "scalar"
                // LOOM_KERNELS=avx2 or scalar picks that family instead, for side-by-side timings.
                let forced = ProcessInfo.processInfo.environment["LOOM_KERNELS"]
                #expect(Kernels.name() == (forced == "avx2" && hasAVX2 || forced == "scalar" ? forced! : fastest))
                #expect(Kernels.name(.avx2) == (hasAVX2 ? "avx2" : "scalar"))
            }
        #elseif arch(arm64)
            #expect(Kernels.name() == "neon")
        #endif
        #expect(Kernels.name(.scalar) == "scalar")
    }
}
