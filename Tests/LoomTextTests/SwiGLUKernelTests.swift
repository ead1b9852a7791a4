import CLoomKernels
import Foundation
import LoomCore
import Testing

/// SwiGLU in llama.cpp's arithmetic (`loom_swiglu`): ggml's vector approximation of exp over
/// each whole eight values, libm's past them.
@Suite("SwiGLU kernel")
struct SwiGLUKernelTests {
    /// Gates across the approximation's branches: ordinary values, |x| past 126 / ln 2's
    /// neighbourhood where the scale is split, past 192 where it saturates, zeros, and a
    /// width that leaves a tail of three.
    static func gates() -> [Float] {
        var random = Seed(41).makeRandom()
        var gates = (0..<1_536).map { _ in random.nextFloat() * 24 - 12 }
        gates += [0, -0.0, 87.3, -87.4, 88.8, -88.8, 89.5, -89.5, 104, -104, 134, -134, 150, -150]
        gates += (0..<43).map { _ in random.nextFloat() * 400 - 200 }
        return gates
    }

    @Test("the portable kernel gives the vector kernel's bits, within 2e-6 relative of silu(g) · u")
    func bits() {
        let gates = Self.gates()
        var random = Seed(42).makeRandom()
        let up = gates.map { _ in random.nextFloat() * 4 - 2 }
        var scalar = [Float](repeating: 0, count: gates.count)
        var best = [Float](repeating: 1, count: gates.count)
        loom_swiglu_family(Int32(LOOM_KERNELS_SCALAR), gates, up, Int64(gates.count), &scalar)
        loom_swiglu_family(Int32(LOOM_KERNELS_BEST), gates, up, Int64(gates.count), &best)
        #expect(scalar.map(\.bitPattern) == best.map(\.bitPattern))
        var worst = 0.0
        for (index, (g, u)) in zip(gates, up).enumerated() {
            let exact = Double(g) / (1 + Foundation.exp(-Double(g))) * Double(u)
            let error = abs(Double(best[index]) - exact) / max(abs(exact), 1e-30)
            if exact != 0 { worst = max(worst, error) } else { #expect(best[index] == 0, "gate \(g)") }
        }
        #expect(worst < 2e-6, "largest relative error \(worst)")
    }

    @Test("its exp is ggml's approximation, not libm's: some silu values differ from expf's in the last bits")
    func approximation() {
        let gates = Self.gates()
        let up = [Float](repeating: 1, count: gates.count)
        var out = [Float](repeating: 0, count: gates.count)
        loom_swiglu(gates, up, Int64(gates.count), &out)
        let whole = gates.count / 8 * 8
        let libm = gates.map { $0 / (1 + Foundation.exp(-$0)) }
        let differing = (0..<whole).filter { out[$0] != libm[$0] }.count
        #expect(differing > 0)
        // The tail past the last whole eight uses libm's expf, as ggml does.
        #expect((whole..<gates.count).allSatisfy { out[$0] == libm[$0] })
    }
}
