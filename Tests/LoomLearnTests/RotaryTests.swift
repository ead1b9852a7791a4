import Foundation
import LoomCore
import Testing

@testable import LoomLearn

@Suite("Rotary position embedding")
struct RotaryTests {
    @Test func rotatesAdjacentPairsByPositionTimesFrequency() {
        // One row per position, one head of 4 features: pairs (0,1) at θ^0 and (2,3) at θ^(-1/2).
        let input = Tensor(shape: [3, 4], scalars: [1, 0, 1, 0, 1, 0, 1, 0, 0.5, 2, -1, 3])
        let output = input.rotary(headSize: 4, theta: 100)
        for t in 0..<3 {
            for pair in 0..<2 {
                let angle = Float(t) * (1 / pow(100, Float(2 * pair) / 4))
                let (a, b) = (input[t, 2 * pair], input[t, 2 * pair + 1])
                #expect(abs(output[t, 2 * pair] - (a * cos(angle) - b * sin(angle))) < 1e-6)
                #expect(abs(output[t, 2 * pair + 1] - (a * sin(angle) + b * cos(angle))) < 1e-6)
            }
        }
    }

    @Test func positionZeroIsTheIdentityAndNormsArePreserved() {
        let input = Tensor.randomUniform(shape: [2, 5, 8], in: -1..<1, seed: Seed(3))
        let output = input.rotary(headSize: 4)
        for j in 0..<8 { #expect(output[1, 0, j] == input[1, 0, j]) }
        for t in 0..<5 {
            for head in 0..<2 {
                let norm = { (x: Tensor) in
                    (0..<4).reduce(Float(0)) { $0 + x[0, t, head * 4 + $1] * x[0, t, head * 4 + $1] }
                }
                #expect(abs(norm(output) - norm(input)) < 1e-5)
            }
        }
    }

    @Test func anOffsetContinuesThePositions() {
        let input = Tensor.randomUniform(shape: [6, 4], in: -1..<1, seed: Seed(5))
        let whole = input.rotary(headSize: 4)
        let tail = Tensor(shape: [2, 4], scalars: Array(input.scalars[16..<24])).rotary(headSize: 4, positionOffset: 4)
        #expect(Array(whole.scalars[16..<24]) == tail.scalars)
    }
}
