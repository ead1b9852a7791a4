/// Loom's own sampling algorithms over any 64-bit random source.
///
/// The standard library's `random(in:using:)` does not promise its algorithms stay the same
/// between Swift versions, so worlds generated with it could change under users' feet. These
/// are fixed and documented; golden tests pin them.
extension RandomNumberGenerator {
    /// A uniform integer in `0..<bound` by Lemire's multiply-shift with rejection
    /// (unbiased; one multiplication in the common case). `bound` must be positive.
    @inlinable
    public mutating func nextInt(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform integer in `0..<bound`. `bound` must be positive.
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        Int(nextInt(below: UInt64(bound)))
    }

    /// A uniform integer in `range`, which must not be empty.
    @inlinable
    public mutating func nextInt(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "nextInt(in:) needs a non-empty range")
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        return range.lowerBound &+ Int(truncatingIfNeeded: nextInt(below: width))
    }

    /// A uniform integer in `range`.
    @inlinable
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }  // the full 64-bit range
        return range.lowerBound &+ Int(truncatingIfNeeded: nextInt(below: width))
    }

    /// A uniform double in `[0, 1)`: the top 53 bits of one draw, times 2⁻⁵³.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `range` (`lower + (upper − lower) · nextDouble()`).
    @inlinable
    public mutating func nextDouble(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextDouble()
    }

    /// A uniform float in `[0, 1)`: the top 24 bits of one draw, times 2⁻²⁴.
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// `true` with probability `probability` (one ``nextDouble()`` compared with it).
    @inlinable
    public mutating func nextBool(probability: Double = 0.5) -> Bool {
        nextDouble() < probability
    }

    /// A normally distributed double by the Marsaglia polar method (pairs of draws in the
    /// unit disc; the second value of each pair is discarded so the state stays simple).
    public mutating func nextGaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return mean + standardDeviation * u * (-2 * PortableMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Shuffles `elements` in place by Fisher–Yates, from the last index down, drawing
    /// `nextInt(below: i + 1)` for index `i`.
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) {
        var i = elements.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            if i != j {
                elements.swapAt(
                    elements.index(elements.startIndex, offsetBy: i),
                    elements.index(elements.startIndex, offsetBy: j))
            }
            i -= 1
        }
    }

    /// A uniformly chosen element, or `nil` for an empty collection.
    public mutating func element<C: RandomAccessCollection>(of elements: C) -> C.Element? {
        guard !elements.isEmpty else { return nil }
        return elements[elements.index(elements.startIndex, offsetBy: nextInt(below: elements.count))]
    }

    /// An index chosen with probability proportional to its weight: one ``nextDouble()``
    /// scaled by the total, then the first index whose running sum exceeds it. Negative and
    /// non-finite weights count as zero. `nil` when no weight is positive.
    public mutating func weightedIndex<C: Collection>(_ weights: C) -> Int? where C.Element == Double {
        var total = 0.0
        var last: Int?
        for (index, weight) in weights.enumerated() where weight.isFinite && weight > 0 {
            total += weight
            last = index
        }
        guard let lastPositive = last else { return nil }
        let target = nextDouble() * total
        var running = 0.0
        for (index, weight) in weights.enumerated() where weight.isFinite && weight > 0 {
            running += weight
            if target < running { return index }
        }
        return lastPositive  // rounding left target at the very top
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
