/// Whether this process shows help, so help text that takes work to make is made only then.
///
/// ArgumentParser reads every command's configuration at each start, to find the one the
/// command line names. A discussion that lists the map generators' parameters, the noise keys or
/// the benchmark suites made them all — decoding each generator's defaults, building every
/// suite — before any command ran, for help nobody asked for (issue 24: start-up time, and the
/// code pages that work brought into memory).
enum HelpRequest {
    /// Whether the command line asks for help: `-h`, `--help`, `help`, or the help dump
    /// ArgumentParser gives tools (`--experimental-dump-help`).
    static let asked: Bool = {
        let asks: Set = ["-h", "--help", "help", "--experimental-dump-help"]
        return CommandLine.arguments.dropFirst().contains { asks.contains($0) }
    }()

    /// `text()` when this process shows help, otherwise the empty string.
    static func text(_ text: @autoclosure () -> String) -> String { asked ? text() : "" }
}
