import LoomCore

/// Read-only lookup tables, built once and never freed, shared by every kernel.
///
/// Built only from integer vectors, `sqrt` and a fixed random stream, so they are the same
/// bits on every platform (no `sin`/`cos`, whose last bit varies between C libraries).
struct NoiseTables: @unchecked Sendable {
    /// 32 unit gradients (x, y), 11.25° apart: index with the top 5 bits of a hash.
    let gradients2D: UnsafePointer<Double>
    /// 32 unit gradients (x, y, z, 0): the 12 cube-edge directions twice and the 8 corners.
    let gradients3D: UnsafePointer<Double>
    /// 256 offsets (x, y) in the unit disc, for cellular feature points.
    let cellOffsets2D: UnsafePointer<Double>
    /// 256 offsets (x, y, z, 0) in the unit ball.
    let cellOffsets3D: UnsafePointer<Double>

    static let shared = NoiseTables()

    private init() {
        let octant: [(Double, Double)] = [(1, 0), (5, 1), (12, 5), (3, 2), (1, 1), (2, 3), (5, 12), (1, 5)]
        var g2: [Double] = []
        for quarter in 0..<4 {
            for (x, y) in octant {
                let length = (x * x + y * y).squareRoot()
                let (u, v) = (x / length, y / length)
                let rotated: (Double, Double) = [(u, v), (-v, u), (-u, -v), (v, -u)][quarter]
                g2 += [rotated.0, rotated.1]
            }
        }
        var g3: [Double] = []
        let edges: [(Double, Double, Double)] = [
            (1, 1, 0), (-1, 1, 0), (1, -1, 0), (-1, -1, 0), (1, 0, 1), (-1, 0, 1), (1, 0, -1), (-1, 0, -1),
            (0, 1, 1), (0, -1, 1), (0, 1, -1), (0, -1, -1),
        ]
        var corners: [(Double, Double, Double)] = []
        for x in [-1.0, 1] { for y in [-1.0, 1] { for z in [-1.0, 1] { corners.append((x, y, z)) } } }
        for (x, y, z) in edges + corners + edges {
            let length = (x * x + y * y + z * z).squareRoot()
            g3 += [x / length, y / length, z / length, 0]
        }
        var random = SplitMix64(seed: 0x4C6F_6F6D_4E6F_6973)
        var c2: [Double] = []
        while c2.count < 512 {
            let x = random.nextDouble() * 2 - 1
            let y = random.nextDouble() * 2 - 1
            if x * x + y * y <= 1 { c2 += [x, y] }
        }
        var c3: [Double] = []
        while c3.count < 1024 {
            let x = random.nextDouble() * 2 - 1
            let y = random.nextDouble() * 2 - 1
            let z = random.nextDouble() * 2 - 1
            if x * x + y * y + z * z <= 1 { c3 += [x, y, z, 0] }
        }
        gradients2D = Self.immortal(g2)
        gradients3D = Self.immortal(g3)
        cellOffsets2D = Self.immortal(c2)
        cellOffsets3D = Self.immortal(c3)
    }

    private static func immortal(_ values: [Double]) -> UnsafePointer<Double> {
        let pointer = UnsafeMutablePointer<Double>.allocate(capacity: values.count)
        pointer.initialize(from: values, count: values.count)
        return UnsafePointer(pointer)
    }
}
