import Foundation
import LoomCore
import Testing

@Suite struct PortableMathTests {
    /// Units in the last place between two finite, positive doubles.
    func ulps(_ a: Double, _ b: Double) -> UInt64 {
        let (x, y) = (a.bitPattern, b.bitPattern)
        return x > y ? x - y : y - x
    }

    @Test func expIsWithinOneUlpOfThePlatformsAcrossItsRange() {
        var random = Seed(5).makeRandom()
        var worst: UInt64 = 0
        for _ in 0..<200_000 {
            let x = random.nextDouble() * 1_400 - 700
            worst = max(worst, ulps(PortableMath.exp(x), Foundation.exp(x)))
        }
        for _ in 0..<100_000 {
            let x = random.nextDouble() * 40 - 20
            worst = max(worst, ulps(PortableMath.exp(x), Foundation.exp(x)))
        }
        #expect(worst <= 1)
    }

    @Test func logIsWithinOneUlpOfThePlatformsAcrossItsRange() {
        var random = Seed(6).makeRandom()
        var worst: UInt64 = 0
        for _ in 0..<200_000 {
            // Mantissas near 1 and exponents across the whole range, subnormals included.
            let x =
                (1 + random.nextDouble())
                * Double(sign: .plus, exponent: Int(random.nextInt(below: 2_098)) - 1_074, significand: 1)
            worst = max(worst, ulps(PortableMath.log(x), Foundation.log(x)))
        }
        for total in 1...4_096 {
            worst = max(worst, ulps(PortableMath.log(Double(total)), Foundation.log(Double(total))))
        }
        #expect(worst <= 1)
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
        #expect(PortableMath.log(.infinity) == .infinity)
    }

    @Test func powStaysCloseToThePlatformsForSamplingExponents() {
        var random = Seed(7).makeRandom()
        var worst = 0.0
        for _ in 0..<100_000 {
            let base = random.nextDouble() + 1e-9
            let exponent = 0.2 + random.nextDouble() * 4.8
            worst = max(worst, abs(PortableMath.pow(base, exponent) / Foundation.pow(base, exponent) - 1))
        }
        #expect(worst < 1e-14)
        #expect(PortableMath.pow(0, 2) == 0)
        #expect(PortableMath.pow(5, 0) == 1)
        #expect(PortableMath.log2(8) == 3)
    }

    /// Basic IEEE operations only, so these bits are the same on every machine; they pin the
    /// values sampled maps depend on.
    @Test func expBitsArePinned() {
        #expect(PortableMath.exp(0) == 1)
        #expect(PortableMath.exp(1) == 2.718_281_828_459_045_5)  // one ulp above e, as pinned
        #expect(PortableMath.exp(-1.5).bitPattern == 0x3FCC_8F87_724B_5C1D)
        #expect(PortableMath.exp(-0.125).bitPattern == 0x3FEC_3D6A_24ED_8222)
        #expect(PortableMath.exp(10).bitPattern == 0x40D5_829D_CF95_0560)
    }

    @Test func expHandlesTheEdges() {
        #expect(PortableMath.exp(.infinity) == .infinity)
        #expect(PortableMath.exp(-.infinity) == 0)
        #expect(PortableMath.exp(.nan).isNaN)
        #expect(PortableMath.exp(710) == .infinity)
        #expect(PortableMath.exp(-746) == 0)
        #expect(PortableMath.exp(709.7) < .infinity)
        #expect(PortableMath.exp(-744) > 0)
        #expect(PortableMath.exp(-740) == Foundation.exp(-740))
    }
}
