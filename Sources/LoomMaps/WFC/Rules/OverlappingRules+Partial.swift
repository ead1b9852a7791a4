import LoomCore
import LoomImage

extension OverlappingRules {
    /// A partly collapsed wave drawn as an image, as the reference implementation draws a run
    /// stopped at its step limit: every output pixel is the plain average colour of the values
    /// that all still-possible patterns covering it would put there (for a decided pixel, its one
    /// colour). An output is `N − 1` larger than the wave in each direction unless `periodic`.
    /// Grey levels stand in for colours when the rules were learned from a grid.
    public func image(of wave: WFCWave, periodic: Bool) -> RGBAImage {
        let width = periodic ? wave.width : wave.width + N - 1
        let height = periodic ? wave.height : wave.height + N - 1
        let palette = (0...(values.max() ?? 0)).map { image(of: Grid(width: 1, height: 1, repeating: $0))[0, 0] }
        // Each pattern's N×N colours, so the per-pixel loop only sums.
        let patternColours = values.map { palette[$0] }
        var output = Grid(width: width, height: height, repeating: RGBA(0, 0, 0))
        var sums = [Int](repeating: 0, count: 4)
        for y in 0..<height {
            for x in 0..<width {
                for k in 0..<4 { sums[k] = 0 }
                var contributors = 0
                for dy in 0..<N {
                    for dx in 0..<N {
                        var sx = x - dx, sy = y - dy
                        if periodic {
                            sx = (sx % wave.width + wave.width) % wave.width
                            sy = (sy % wave.height + wave.height) % wave.height
                        } else if sx < 0 || sy < 0 || sx >= wave.width || sy >= wave.height {
                            continue
                        }
                        for t in 0..<patternCount where wave.allows(t, x: sx, y: sy) {
                            let colour = patternColours[t * N * N + dy * N + dx]
                            sums[0] += Int(colour.r)
                            sums[1] += Int(colour.g)
                            sums[2] += Int(colour.b)
                            sums[3] += Int(colour.a)
                            contributors += 1
                        }
                    }
                }
                guard contributors > 0 else { continue }
                output[x, y] = RGBA(
                    UInt8(sums[0] / contributors), UInt8(sums[1] / contributors), UInt8(sums[2] / contributors),
                    UInt8(sums[3] / contributors))
            }
        }
        return RGBAImage(output) { $0 }
    }
}
