import Foundation

/// One thing to measure: `body` does `work` units of work (samples, numbers, lines…) per call.
struct Benchmark {
    /// Short name, unique within its suite.
    var name: String
    /// The unit of throughput, such as `"M numbers/s"`; `scale` converts units per second into it.
    var unit: String
    /// Work units done by one call of `body`.
    var work: Double
    /// Multiplies units per second to give figures in `unit` (1e-6 for millions).
    var scale: Double = 1e-6
    /// One timed iteration.
    var body: () -> Void
}

/// A named group of benchmarks, built on demand (building may allocate large inputs).
struct BenchSuite: Sendable {
    var name: String
    var make: @Sendable () throws -> [Benchmark]
}

/// Figures for one benchmark: throughput in its unit per timed iteration.
struct BenchResult {
    var name: String
    var unit: String
    var median: Double
    var min: Double
    var max: Double
    var iterations: Int
    var medianSeconds: Double

    func jsonLine(suite: String) -> String {
        let object: [String: Any] = [
            "suite": suite, "name": name, "unit": unit, "median": median, "min": min, "max": max,
            "iterations": iterations, "median_seconds": medianSeconds,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    var textLine: String {
        let figure = { (value: Double) in String(format: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.3g", value) }
        return "\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(figure(median)) \(unit)"
            + "  (min \(figure(min)), max \(figure(max)), \(iterations) runs, \(String(format: "%.3f", medianSeconds * 1000)) ms each)"
    }
}

/// Warm-up, then repeated timed iterations until `targetSeconds` pass (at least 5).
struct BenchRunner {
    var targetSeconds: Double
    var warmUpSeconds: Double = 0.2
    var minimumIterations = 5
    var maximumIterations = 100_000

    func measure(_ benchmark: Benchmark) -> BenchResult {
        let clock = ContinuousClock()
        let warmUpEnd = clock.now + .seconds(warmUpSeconds)
        repeat { benchmark.body() } while clock.now < warmUpEnd

        var times: [Double] = []
        let start = clock.now
        while times.count < minimumIterations
            || (times.count < maximumIterations && (clock.now - start) < .seconds(targetSeconds))
        {
            let before = clock.now
            benchmark.body()
            let elapsed = clock.now - before
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        times.sort()
        let median = times[times.count / 2]
        let rate = { (seconds: Double) in benchmark.work / Swift.max(seconds, 1e-12) * benchmark.scale }
        return BenchResult(
            name: benchmark.name, unit: benchmark.unit, median: rate(median), min: rate(times.last!),
            max: rate(times.first!), iterations: times.count, medianSeconds: median)
    }
}

/// Where ``blackHole(_:)`` folds the bytes it is given; only benchmarks touch it.
nonisolated(unsafe) private var benchmarkSink: UInt64 = 0

/// Keeps a value alive so the optimiser cannot delete the work that made it: the value's bytes
/// are folded into a global the compiler cannot see through, in a function it may not inline.
@inline(never)
func blackHole<T>(_ value: T) {
    withUnsafeBytes(of: value) { bytes in
        var folded = benchmarkSink
        for byte in bytes { folded = folded &* 31 &+ UInt64(byte) }
        benchmarkSink = folded
    }
}
