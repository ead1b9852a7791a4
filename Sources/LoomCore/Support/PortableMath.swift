/// Elementary functions (`exp`, `log`, `pow`) computed with IEEE 754 basic operations only
/// (`+ - * /`, rounding and exponent scaling), so they give the same bits on every machine.
///
/// The platform's functions are not: glibc picks an FMA or a non-FMA version of each by CPU
/// at load time, macOS has a library of its own, and their results may differ in the last
/// bit. Anything that turns such a result into a map cell, a chosen pattern or a sampled word
/// must not depend on that bit, so generation calls these instead. Swift never fuses a multiply and an add on its
/// own, so each operation rounds exactly as written.
///
/// ```swift
/// let weight = PortableMath.exp(-1.5)  // 0.22313016014842982, on every machine
/// let entropy = PortableMath.log(12)
/// ```
public enum PortableMath {
    /// `e^x`, within one unit in the last place, bit-identical everywhere.
    ///
    /// Overflows to `+infinity` above about 709.78 and underflows to 0 below about -745.13.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // x = k·ln 2 + r with |r| ≤ ln 2 / 2. ln 2 is split so that k·ln2High is exact for
        // every k in range (ln2High has 20 trailing zero bits).
        let k = (x * 1.4426950408889634).rounded(.toNearestOrEven)
        let ln2High = 6.93147180369123816490e-01
        let ln2Low = 1.90821492927058770002e-10
        let r = (x - k * ln2High) - k * ln2Low
        // e^r by its Taylor series to r^13/13!: the first term left out is below 2^-58 of the
        // result for |r| ≤ 0.347.
        var sum = 1.0 / 6_227_020_800
        for n in stride(from: 12, through: 1, by: -1) {
            sum = sum * r + 1.0 / factorial(n)
        }
        sum = sum * r + 1
        return scaled(sum, byPowerOfTwo: Int(k))
    }

    /// The natural logarithm, within one unit in the last place, bit-identical everywhere.
    ///
    /// `log(0)` is `-infinity`; negative numbers and NaN give NaN.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        // x = m · 2^e with m in [√½, √2), exactly.
        var m = x.significand
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        // log(1 + f) = 2·atanh(s) with s = f / (2 + f), written as f − f²/2 + s·(f²/2 + R) so
        // the large terms cancel exactly; R = Σ 2·s^(2k)/(2k + 1) converges fast (s² < 0.0295).
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var series = 2.0 / 23
        for k in stride(from: 10, through: 1, by: -1) {
            series = series * z + 2.0 / Double(2 * k + 1)
        }
        let r = z * series
        let halfSquare = 0.5 * f * f
        let ln2High = 6.93147180369123816490e-01
        let ln2Low = 1.90821492927058770002e-10
        return e * ln2High - ((halfSquare - (s * (halfSquare + r) + e * ln2Low)) - f)
    }

    /// The base-2 logarithm: the binary exponent plus the logarithm of the significand divided
    /// by ln 2, so powers of two give their exponent exactly.
    public static func log2(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else { return log(x) }
        var m = x.significand
        var e = Double(x.exponent)
        if m > 1.4142135623730951 {
            m /= 2
            e += 1
        }
        return e + log(m) * 1.4426950408889634
    }

    /// `base^exponent` for a positive `base` (`exp(exponent · log(base))`), bit-identical
    /// everywhere; its error grows with `|exponent · log(base)|` (a few units in the last place
    /// below 10). `pow(0, y)` is 0 for positive `y`; a negative base gives NaN.
    public static func pow(_ base: Double, _ exponent: Double) -> Double {
        if exponent == 0 { return 1 }
        if base == 1 { return 1 }
        if base == 0 { return exponent > 0 ? 0 : .infinity }
        return exp(exponent * log(base))
    }

    /// `n!` for `n` in 0...20, exactly (every one is an exact `Double` up to 18!, and the
    /// series above only uses up to 12!).
    private static func factorial(_ n: Int) -> Double {
        var product = 1.0
        for i in stride(from: 2, through: n, by: 1) { product *= Double(i) }
        return product
    }

    /// `value · 2^exponent`, in two exact steps where one power of two would not be a normal
    /// `Double` (results far in the subnormal range round once, in the last step).
    private static func scaled(_ value: Double, byPowerOfTwo exponent: Int) -> Double {
        if exponent > 1023 {
            return value * Double(sign: .plus, exponent: 1023, significand: 1)
                * Double(sign: .plus, exponent: exponent - 1023, significand: 1)
        }
        if exponent < -1022 {
            return value * Double(sign: .plus, exponent: -1022, significand: 1)
                * Double(sign: .plus, exponent: exponent + 1022, significand: 1)
        }
        return value * Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
