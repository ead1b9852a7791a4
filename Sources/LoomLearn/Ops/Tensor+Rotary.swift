import Foundation

extension Tensor {
    /// Rotary position embedding (RoPE) with llama2.c's pairing: within each head of
    /// `headSize` features, the adjacent pair `(2i, 2i+1)` of the row at time `t` rotates by
    /// the angle `(t + positionOffset) · theta^(-2i/headSize)`.
    ///
    /// `self` is `[…, time, features]` with `features` a multiple of `headSize` and
    /// `headSize` even. The angles are computed in `Float` exactly as Loom's transformer
    /// inference computes them, so a model trained with this op runs unchanged there.
    /// Default `theta`: 10000 (llama).
    public func rotary(headSize: Int, theta: Float = 10000, positionOffset: Int = 0) -> Tensor {
        rotated(headSize: headSize, theta: theta, positionOffset: positionOffset, inverse: false)
    }

    /// The rotation of ``rotary(headSize:theta:positionOffset:)`` applied forwards, or undone
    /// (`inverse`), which is also its gradient: the transpose of a rotation is its inverse.
    func rotated(headSize: Int, theta: Float, positionOffset: Int, inverse: Bool) -> Tensor {
        precondition(rank >= 2, "rotary needs [..., time, features], found \(shape)")
        let (time, features) = (shape[rank - 2], shape[rank - 1])
        precondition(headSize >= 2 && headSize % 2 == 0, "rotary head size must be even (got \(headSize))")
        precondition(features % headSize == 0, "\(features) features do not split into heads of \(headSize)")
        precondition(positionOffset >= 0, "rotary position offset must be 0 or more (got \(positionOffset))")
        let half = headSize / 2
        // cos/sin per (time, frequency) once, so the sweep below is pure multiply-adds.
        var cosines = [Float](repeating: 0, count: time * half)
        var sines = [Float](repeating: 0, count: time * half)
        for i in 0..<half {
            let frequency = 1 / Foundation.pow(theta, Float(2 * i) / Float(headSize))
            for t in 0..<time {
                let angle = Float(t + positionOffset) * frequency
                cosines[t * half + i] = Foundation.cos(angle)
                sines[t * half + i] = inverse ? -Foundation.sin(angle) : Foundation.sin(angle)
            }
        }
        var result = self
        let rows = features == 0 ? 0 : count / features
        result.withUnsafeMutableBufferPointer { x in
            cosines.withUnsafeBufferPointer { c in
                sines.withUnsafeBufferPointer { s in
                    for row in 0..<rows {
                        let p = x.baseAddress! + row * features
                        let table = (row % time) * half
                        for j in stride(from: 0, to: features, by: 2) {
                            let f = table + (j % headSize) / 2
                            let (a, b) = (p[j], p[j + 1])
                            p[j] = a * c[f] - b * s[f]
                            p[j + 1] = a * s[f] + b * c[f]
                        }
                    }
                }
            }
        }
        return result
    }
}
