import CLoomKernels
import Foundation
import LoomCore
import Testing

@testable import LoomText

/// The half-precision key/value cache's kernels: the float → half conversion that fills it and
/// the attention that reads it, the portable kernels against the vector ones bit for bit, and
/// both against a plain Double reference.
@Suite("Half-precision cache kernels")
struct HalfCacheKernelTests {
    /// Float bit patterns that probe every branch of the conversion: zeros, half subnormals and
    /// the ties between them, the normal range's ends, values that round to infinity,
    /// infinities and NaNs with payloads; then a stride through all 2³² patterns.
    static let patterns: [UInt32] = {
        var bits: [UInt32] = [
            0, 0x8000_0000, 0x3380_0000, 0x3300_0000, 0x3300_0001, 0x3400_0000, 0x33C0_0000, 0x3880_0000,
            0x387F_E000, 0x387F_F000, 0x387F_FFFF, 0x477F_E000, 0x477F_EFFF, 0x477F_F000, 0x4780_0000,
            0x7F7F_FFFF, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7F80_0001, 0x7FBF_FFFF, 0xFFC1_2345, 0x7FFF_E000,
            0x3F80_1000, 0x3F80_3000, 0x3F80_0FFF, 0x3F80_1001, 0x0000_0001, 0x8000_0001,
        ]
        var pattern: UInt32 = 7
        while pattern < 0xFFFF_0000 {
            bits.append(pattern)
            pattern &+= 4_099
        }
        return bits
    }()

    @Test("float to half: the portable conversion gives F16C's bits, and Swift's Float16 for numbers")
    func conversion() {
        let values = Self.patterns.map { Float(bitPattern: $0) }
        var scalar = [UInt16](repeating: 0, count: values.count)
        var best = [UInt16](repeating: 1, count: values.count)
        loom_store_halves_family(Int32(LOOM_KERNELS_SCALAR), values, Int64(values.count), &scalar)
        loom_store_halves_family(Int32(LOOM_KERNELS_BEST), values, Int64(values.count), &best)
        let differences = zip(Self.patterns, zip(scalar, best)).filter { $1.0 != $1.1 }
        #expect(differences.isEmpty, "\(differences.prefix(5).map { (String($0, radix: 16), $1) })")
        for (value, half) in zip(values, scalar) where !value.isNaN {
            if Float16(value).bitPattern != half {
                Issue.record("\(value): \(String(half, radix: 16)), Float16 gives \(Float16(value).bitPattern)")
                break
            }
        }
        // NaNs stay NaN, quiet, with the top of their payload.
        #expect(loom_float_to_half(Float(bitPattern: 0x7F80_0001)) == 0x7E00)
        #expect(loom_float_to_half(Float(bitPattern: 0xFFC1_2345)) == 0xFE09)
        #expect(loom_float_to_half(65_520) == 0x7C00 && loom_float_to_half(65_519.996) == 0x7BFF)
    }

    /// One head's attention in Double over the cached halves.
    static func reference(
        _ q: [Float], _ keys: [UInt16], _ values: [UInt16], stride: Int, head: Int, positions: Int
    )
        -> [Double]
    {
        let scale = 1 / Double(Float(head).squareRoot())
        let scores = (0..<positions).map { t in
            (0..<head).reduce(0.0) { $0 + Double(q[$1]) * Double(loom_half_to_float(keys[t * stride + $1])) } * scale
        }
        let largest = scores.max()!
        let weights = scores.map { exp($0 - largest) }
        let total = weights.reduce(0, +)
        return (0..<head).map { i in
            (0..<positions).reduce(0.0) {
                $0 + weights[$1] / total * Double(loom_half_to_float(values[$1 * stride + i]))
            }
        }
    }

    @Test(
        "attention over halves: the portable kernel gives the vector kernel's bits, both near the Double reference",
        arguments: [(64, 1), (64, 37), (128, 9), (40, 13), (72, 20), (36, 5), (48, 7), (48, 37), (80, 33), (50, 33)])
    func attention(head: Int, positions: Int) {
        var random = Seed(UInt64(head * 1000 + positions)).makeRandom()
        let stride = head * 3
        let q = (0..<head).map { _ in random.nextFloat() * 4 - 2 }
        let keys = (0..<(stride * positions)).map { _ in loom_float_to_half(random.nextFloat() * 4 - 2) }
        let values = (0..<(stride * positions)).map { _ in loom_float_to_half(random.nextFloat() * 2 - 1) }
        let scale = 1 / Float(head).squareRoot()
        var scalar = [Float](repeating: 0, count: head)
        var best = [Float](repeating: 1, count: head)
        loom_attend_f16_family(
            Int32(LOOM_KERNELS_SCALAR), q, 1, keys, values, Int64(stride), Int64(head), Int64(positions), scale,
            &scalar)
        loom_attend_f16_family(
            Int32(LOOM_KERNELS_BEST), q, 1, keys, values, Int64(stride), Int64(head), Int64(positions), scale, &best)
        #expect(scalar.map(\.bitPattern) == best.map(\.bitPattern))
        // ggml's order rounds the query to half and the running sum of values to half after
        // every position: about 2^-11 of the largest value each, over at most 37 positions.
        let expected = Self.reference(q, keys, values, stride: stride, head: head, positions: positions)
        let worst = zip(best, expected).map { abs(Double($0) - $1) }.max()!
        #expect(worst < 4e-3, "largest difference \(worst)")
    }

    @Test(
        "grouped-query attention: heads sharing a key/value head run together with each head's own bits",
        arguments: [Int32(LOOM_KERNELS_SCALAR), Int32(LOOM_KERNELS_BEST)])
    func groupedQueries(family: Int32) {
        let (head, group, positions) = (64, 3, 29)
        var random = Seed(UInt64(family) + 17).makeRandom()
        let stride = head * 2
        let q = (0..<(head * group)).map { _ in random.nextFloat() * 4 - 2 }
        let keys = (0..<(stride * positions)).map { _ in loom_float_to_half(random.nextFloat() * 4 - 2) }
        let values = (0..<(stride * positions)).map { _ in loom_float_to_half(random.nextFloat() * 2 - 1) }
        let scale = 1 / Float(head).squareRoot()
        var together = [Float](repeating: 0, count: head * group)
        loom_attend_f16_family(
            family, q, Int64(group), keys, values, Int64(stride), Int64(head), Int64(positions), scale, &together)
        for g in 0..<group {
            var alone = [Float](repeating: 1, count: head)
            let query = Array(q[(g * head)..<((g + 1) * head)])
            loom_attend_f16_family(
                family, query, 1, keys, values, Int64(stride), Int64(head), Int64(positions), scale, &alone)
            #expect(alone.map(\.bitPattern) == together[(g * head)..<((g + 1) * head)].map(\.bitPattern), "head \(g)")
        }
    }

    @Test("a state caches halves by default: logits within 0.01 of the float32 cache's, 1 and 4 threads alike")
    func stateCache() throws {
        let model = try TransformerFixtures.model("tiny-gqa")
        var half = TransformerState(model)
        var full = TransformerState(model, kvCache: .f32)
        var many = TransformerState(model, threads: 4)
        #expect(half.kvCache == .f16 && full.kvCache == .f32)
        let tokens = Array((0..<30).map { ($0 * 37 + 11) % model.config.vocabularySize })
        let a = try half.logitsForEach(tokens: tokens, startingAt: 0)
        let b = try full.logitsForEach(tokens: tokens, startingAt: 0)
        let c = try many.logitsForEach(tokens: tokens, startingAt: 0)
        let worst = zip(a, b).flatMap { zip($0, $1).map { abs($0 - $1) } }.max()!
        #expect(worst > 0 && worst < 0.01, "largest difference \(worst)")
        #expect(a.flatMap { $0.map(\.bitPattern) } == c.flatMap { $0.map(\.bitPattern) })
    }
}
