import Foundation
import LoomCore
import Testing

/// Golden streams from the Python transcription of the published algorithms. SplitMix64's
/// values for seed 0 and 1234567 match the reference outputs its author published.
@Suite struct RandomTests {
    @Test func splitMix64IsPinned() {
        var zero = SplitMix64(seed: 0)
        #expect(
            [zero.next(), zero.next(), zero.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
        var other = SplitMix64(seed: 1_234_567)
        #expect(
            [other.next(), other.next(), other.next()] == [
                0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77,
            ])
    }

    @Test func xoshiroIsPinned() {
        var random = Xoshiro256StarStar(seed: 42)
        let values = (0..<4).map { _ in random.next() }
        #expect(values == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1])
    }

    @Test func xoshiroJumpIsPinned() {
        var random = Xoshiro256StarStar(seed: 42)
        random.jump()
        #expect([random.next(), random.next()] == [0x5008_6EF8_3CBF_4F4A, 0xBA28_5EC2_1347_D703])
    }

    @Test func boundedIntegersArePinned() {
        var random = Xoshiro256StarStar(seed: 7)
        let values = (0..<10).map { _ in random.nextInt(below: 100) }
        #expect(values == [70, 27, 83, 98, 99, 87, 6, 10, 40, 15])
    }

    @Test func unitFloatsArePinned() {
        var random = Xoshiro256StarStar(seed: 7)
        #expect(random.nextDouble() == 0.7005764821796896)
        #expect(random.nextDouble() == 0.2787512294737843)
        var floats = Xoshiro256StarStar(seed: 7)
        #expect(floats.nextFloat() == 0.7005764245986938)
    }

    @Test func shuffleIsPinned() {
        var random = Xoshiro256StarStar(seed: 9)
        var values = Array(0..<10)
        random.shuffle(&values)
        #expect(values == [4, 9, 7, 8, 3, 6, 5, 1, 2, 0])
    }

    @Test func boundedIntegersStayInRangeAndCoverIt() {
        var random = Xoshiro256StarStar(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = random.nextInt(in: -3...3)
            #expect((-3...3).contains(value))
            seen.insert(value)
        }
        #expect(seen.count == 7)
        #expect(random.nextInt(in: 5..<6) == 5)
    }

    @Test func gaussianHasTheRightMoments() {
        var random = Xoshiro256StarStar(seed: 3)
        let samples = (0..<200_000).map { _ in random.nextGaussian(mean: 2, standardDeviation: 3) }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        #expect(abs(mean - 2) < 0.05)
        #expect(abs(variance.squareRoot() - 3) < 0.05)
    }

    @Test func weightedIndexFollowsWeights() {
        var random = Xoshiro256StarStar(seed: 5)
        var counts = [0, 0, 0, 0]
        for _ in 0..<40_000 {
            counts[random.weightedIndex([1, 0, 3, -2])!] += 1
        }
        #expect(counts[1] == 0 && counts[3] == 0)
        #expect(abs(Double(counts[2]) / Double(counts[0]) - 3) < 0.15)
        #expect(random.weightedIndex([0, 0]) == nil)
    }

    @Test func stateRoundTripsThroughJSON() throws {
        var random = Xoshiro256StarStar(seed: 11)
        _ = random.next()
        let data = try JSONEncoder().encode(random)
        var restored = try JSONDecoder().decode(Xoshiro256StarStar.self, from: data)
        #expect(restored.next() == random.next())
    }
}
