import ArgumentParser
import Foundation
import Loom

/// `loom noise [options] --out noise.png`: renders any noise configuration as a grey image.
struct NoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "noise",
        abstract: "Render a noise configuration as a grey PNG (black −1, white +1).",
        discussion: """
            Settings come from --config (a JSON object naming only what it changes), then the \
            options, then each --set key=value in order. Keys: \(HelpRequest.text(NoiseGenerator.allowedKeys)).
            Example: loom noise --type cellular --set cellularReturnType=distance2Sub --set periodX=512 --out cells.png
            """
    )

    @Option(help: "Noise type: \(NoiseType.allowedValues).")
    var type: String?

    @Option(help: "Fractal type: \(FractalType.allowedValues).")
    var fractal: String?

    @Option(help: "Octaves for fractal types (1...16).")
    var octaves: Int?

    @Option(help: "Lattice cells per pixel (default 0.01).")
    var frequency: Double?

    @Option(parsing: .unconditional, help: .seed)
    var seed: Seed?

    @Option(help: "Image size as WIDTHxHEIGHT.")
    var size = "512x512"

    @Option(parsing: .unconditional, help: "Sample coordinates of the top-left pixel, as X,Y (e.g. 1e9,0 or -64,-64).")
    var origin = "0,0"

    @Option(help: "Sample units per pixel.")
    var step = 1.0

    @Option(name: .customLong("set"), help: "A setting as key=value; repeatable. Values are JSON or plain text.")
    var settings: [String] = []

    @Option(help: "A JSON file of settings.")
    var config: String?

    @Option(help: "A JSON file of settings for a second generator whose domain warp displaces every pixel.")
    var warp: String?

    @Option(help: "Worker threads (default: all processors).")
    var threads: Int?

    @Option(help: "The PNG file to write.")
    var out: String

    @Flag(help: "Print the StableHasher hash of the grid's Float bits, for golden tests.")
    var printHash = false

    @Flag(help: "Print the fill's wall-clock and CPU time and its rate in million samples per second.")
    var reportTime = false

    func run() throws {
        guard let size = Size(parsing: size), size.width > 0, size.height > 0, size.area <= 1 << 26 else {
            throw ValidationError(
                "bad --size '\(self.size)'; expected WIDTHxHEIGHT with positive sides, at most 64M pixels")
        }
        let parts = origin.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let ox = parts[0], let oy = parts[1], ox.isFinite, oy.isFinite else {
            throw ValidationError("bad --origin '\(origin)'; expected X,Y such as 0,0 or 1e9,-250")
        }
        guard step.isFinite, step > 0 else { throw ValidationError("bad --step \(step); expected a positive number") }
        let noise = try makeGenerator()
        let warper = try warp.map { try NoiseGenerator.load(from: $0) }
        var grid = Grid(width: size.width, height: size.height, repeating: Float(0))
        let clock = ContinuousClock()
        let startCPU = Self.processCPUSeconds()
        let start = clock.now
        noise.fill(
            &grid, origin: SIMD2(ox, oy), step: step, warpedBy: warper,
            threads: threads ?? Parallel.defaultThreadCount)
        if reportTime {
            let wall = clock.now - start
            let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
            let cpuSeconds = Self.processCPUSeconds() - startCPU
            let samples = Double(size.area) * 1e-6
            print(
                String(
                    format: "fill: %.1f ms wall (%.1f M samples/s), %.1f ms CPU (%.1f M samples/s per busy core)",
                    wallSeconds * 1e3, samples / wallSeconds, cpuSeconds * 1e3, samples / cpuSeconds))
        }
        if printHash {
            var hasher = StableHasher()
            hasher.combine(grid.cells)
            print("hash 0x\(String(hasher.finalize(), radix: 16, uppercase: true))")
        }
        let image = RGBAImage(grid) { value in
            let level = UInt8(min(max((value + 1) * 127.5, 0), 255).rounded())
            return RGBA(level, level, level)
        }
        try image.export(to: out)
        print(
            "wrote \(out) (\(size.width)x\(size.height), \(noise.noiseType.rawValue), fractal \(noise.fractalType.rawValue))"
        )
    }

    /// CPU time used by this process so far, over all threads.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// The default settings, overridden by the configuration file, the options and `--set`,
    /// then decoded so every value is checked in one place.
    func makeGenerator() throws -> NoiseGenerator {
        let defaults = try JSONEncoder().encode(NoiseGenerator())
        guard var object = try JSONSerialization.jsonObject(with: defaults) as? [String: Any] else {
            throw LoomError(.runtime, "internal error: noise settings are not a JSON object")
        }
        if let config {
            let data = try AtomicFile.read(config)
            guard let parsed = try? JSONSerialization.jsonObject(with: data), let dictionary = parsed as? [String: Any]
            else {
                throw LoomError(.format, "expected a JSON object of noise settings", at: SourceLocation(file: config))
            }
            _ = try NoiseGenerator(json: data, file: config)
            object.merge(dictionary) { _, configured in configured }
        }
        if let type { object["noiseType"] = type }
        if let fractal { object["fractalType"] = fractal }
        if let octaves { object["octaves"] = octaves }
        if let frequency { object["frequency"] = frequency }
        if let seed { object["seed"] = seed.rawValue }
        let optional = ["seed"] + NoiseGenerator.CodingKeys.allCases.map(\.rawValue).filter { object[$0] == nil }
        try SettingOverrides.apply(settings, to: &object, optionalKeys: optional)
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            return try NoiseGenerator(json: data)
        } catch let error as LoomError {
            throw LoomError(error.kind, "bad noise settings: \(error.message)")
        }
    }
}
