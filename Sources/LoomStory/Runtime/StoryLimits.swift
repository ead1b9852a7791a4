import LoomCore

/// The work one story may do between two things a player sees, so that a broken or hostile
/// story ends in a clear error instead of spinning forever or eating the machine's memory.
///
/// Set ``StoryRunner/limits`` to change them; the defaults are far above what any written story
/// needs. Each limit that runs out throws a `LoomError` of kind `.budget` that names the
/// file and node it happened in.
///
/// ```swift
/// runner.limits.maximumDetourDepth = 32
/// ```
public struct StoryLimits: Sendable, Hashable, Codable {
    /// Most nodes on the detour stack at once (a node that detours into itself runs out here).
    /// Default: 256.
    public var maximumDetourDepth: Int
    /// Most instructions run between two events a player sees (a line, options, a command or
    /// the end): a `<<jump>>` loop with no line runs out here. Default: 1,000,000.
    public var maximumInstructionsBetweenEvents: Int
    /// Longest string a story may build, in UTF-8 bytes (a string doubled in a loop runs out
    /// here). Default: 1,048,576 (1 MiB).
    public var maximumStringBytes: Int

    /// Limits with the given values; see each property for its default.
    public init(
        maximumDetourDepth: Int = 256, maximumInstructionsBetweenEvents: Int = 1_000_000,
        maximumStringBytes: Int = 1 << 20
    ) {
        self.maximumDetourDepth = maximumDetourDepth
        self.maximumInstructionsBetweenEvents = maximumInstructionsBetweenEvents
        self.maximumStringBytes = maximumStringBytes
    }
}

extension StoryRunner {
    /// A `.budget` error located at the file of the node that is running.
    func budgetError(_ message: String, node: Int?, pc: Int? = nil) -> LoomError {
        guard let node else { return LoomError(.budget, message) }
        return LoomError(.budget, "in node '\(story.nodes[node].name)': \(message)", at: location(node: node, pc: pc))
    }

    /// The file of `node` and the source line of the instruction at `pc`, when known.
    func location(node: Int, pc: Int?) -> SourceLocation {
        let line = pc.flatMap { story.lines.indices.contains($0) ? story.lines[$0] : nil } ?? 0
        return SourceLocation(file: story.nodes[node].file, line: line)
    }

    /// Throws when `value` is a string longer than ``StoryLimits/maximumStringBytes``.
    func checkLength(_ value: StoryValue, node: Int?, pc: Int? = nil) throws {
        if case .string(let text) = value, text.utf8.count > limits.maximumStringBytes {
            throw budgetError(
                "a string grew to \(text.utf8.count) bytes, past the limit of \(limits.maximumStringBytes) "
                    + "(StoryLimits.maximumStringBytes)", node: node, pc: pc)
        }
    }
}
