import ArgumentParser
import Foundation

/// `loom bench [SUITE…] [--json]`: runs benchmark suites in this process and reports figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Loom's speed (build with -c release for meaningful figures).",
        discussion:
            "Suites: \(HelpRequest.text(BenchSuite.all.map(\.name).joined(separator: ", "))). With no suite named, all run."
    )

    @Argument(help: "Suites to run (default: all).")
    var suites: [String] = []

    @Flag(help: "Print one JSON object per benchmark per line.")
    var json = false

    @Option(help: "Seconds of timed iterations per benchmark (at least 5 iterations run).")
    var seconds: Double = 1.0

    @Option(help: "Only benchmarks whose name contains this text.")
    var filter: String?

    @Option(
        help: """
            For the text suite: run only the transformer benchmarks, on this llama2.c or GGUF file, \
            or on random weights of a llama2.c shape: stories15M, stories42M, stories110M.
            """)
    var transformer: String?

    @Option(help: "With --transformer: a llama2.c tokenizer.bin whose encoding speed is measured too.")
    var tokenizer: String?

    @Option(help: "With --transformer: positions each decoding iteration runs (default 128, as llama2.c's -n).")
    var steps: Int?

    func validate() throws {
        let known = Set(BenchSuite.all.map(\.name))
        for suite in suites where !known.contains(suite) {
            throw ValidationError(
                "unknown suite '\(suite)'; expected one of: \(BenchSuite.all.map(\.name).joined(separator: ", "))")
        }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]") }
        if let steps, steps < 2 { throw ValidationError("--steps must be at least 2") }
    }

    func run() throws {
        let chosen = suites.isEmpty ? BenchSuite.all : BenchSuite.all.filter { suites.contains($0.name) }
        TransformerBenchOptions.model = transformer
        TransformerBenchOptions.tokenizer = tokenizer
        TransformerBenchOptions.steps = steps
        let runner = BenchRunner(targetSeconds: seconds)
        #if DEBUG
            if !json { print("note: this is a debug build; build with -c release for meaningful figures") }
        #endif
        for suite in chosen {
            if !json { print("== \(suite.name)") }
            for benchmark in try suite.make() where filter.map({ benchmark.name.contains($0) }) ?? true {
                let result = runner.measure(benchmark)
                if json {
                    print(result.jsonLine(suite: suite.name))
                } else {
                    print(result.textLine)
                }
            }
        }
        if transformer != nil, let peak = Self.peakResidentMegabytes() {
            if json {
                print("{\"median\":\(peak),\"name\":\"peak resident memory\",\"suite\":\"text\",\"unit\":\"MB\"}")
            } else {
                print("peak resident memory                     \(String(format: "%.1f", peak)) MB")
            }
        }
    }

    /// The process's peak resident set (VmHWM) in MB, where /proc tells it.
    static func peakResidentMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first
            return kilobytes.map { $0 / 1024 }
        }
        return nil
    }
}
