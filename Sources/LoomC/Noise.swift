import Foundation
import Loom

/// `loom_status loom_noise_fill(const char *config_json, int32_t width, int32_t height, double origin_x,
/// double origin_y, double step, float *buffer, size_t capacity, loom_error **)`.
@c(loom_noise_fill)
public func loom_noise_fill(
    _ configJSON: UnsafePointer<CChar>?, _ width: Int32, _ height: Int32, _ originX: Double, _ originY: Double,
    _ step: Double, _ buffer: UnsafeMutablePointer<Float>?, _ capacity: UInt,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        var generator = NoiseGenerator()
        if let json = try Arguments.optionalString(configJSON, "config_json"), !json.allSatisfy(\.isWhitespace) {
            generator = try LocatedJSONDecoder().decode(NoiseGenerator.self, from: json, file: "<noise>")
        }
        guard width > 0, height > 0 else {
            throw CAPIFailure(.invalidArgument, "width and height are \(width)x\(height); expected 1 or more")
        }
        // The fill makes its grid before copying it out: keep one call's grid within 1 GiB.
        guard Int(width) * Int(height) <= 1 << 28 else {
            throw CAPIFailure(.invalidArgument, "\(width)x\(height) is more than 268435456 samples in one call")
        }
        guard originX.isFinite, originY.isFinite, step.isFinite else {
            throw CAPIFailure(.invalidArgument, "origin_x, origin_y and step must be finite numbers")
        }
        let target = try Arguments.buffer(
            buffer, capacity: Int(clamping: capacity), needed: Int(width) * Int(height),
            what: "noise of \(width)x\(height)")
        let grid = generator.makeGrid(
            width: Int(width), height: Int(height), origin: SIMD2(originX, originY), step: step)
        _ = target.update(fromContentsOf: grid.cells)
    }
}
