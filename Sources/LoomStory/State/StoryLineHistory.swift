/// The lines a player has seen so far (lines shown and options chosen), as the story's text
/// functions read them for a model's prompt: the last ones, and how many there were in all.
///
/// Kept by the runner (``StoryRunner/lineHistory``) and saved with it (``StoryState/lineHistory``,
/// format version 3), so a loaded game prompts its model exactly as an unbroken one. A host
/// records each line with ``record(_:keeping:)``.
///
/// ```swift
/// var history = StoryLineHistory()
/// history.record("Keeper: The lamp is lit.", keeping: 2)
/// history.record("The sea\nrises.", keeping: 2)
/// history.record("Go down", keeping: 2)
/// // history.lines == ["The sea rises.", "Go down"], history.count == 3
/// ```
public struct StoryLineHistory: Codable, Sendable, Hashable {
    /// The last lines recorded, oldest first, each on one line (line breaks became spaces).
    public var lines: [String]
    /// How many lines were recorded since the story began (more than ``lines`` keeps).
    public var count: Int

    /// A history of `lines` out of `count` recorded (default: no line).
    public init(lines: [String] = [], count: Int? = nil) {
        self.lines = lines
        self.count = count ?? lines.count
    }

    /// Adds `line` (its line breaks become spaces), keeping the last `limit` lines.
    public mutating func record(_ line: String, keeping limit: Int) {
        lines.append(line.split(whereSeparator: \.isNewline).joined(separator: " "))
        if lines.count > limit { lines.removeFirst(lines.count - max(0, limit)) }
        count += 1
    }

    /// The key of the generated text under which saves before format version 3 kept the lines
    /// (one per line of the value).
    static let legacyLinesKey = "story-lines"
    /// The key of the generated text under which saves before format version 3 kept the count.
    static let legacyCountKey = "story-line-count"

    /// Takes the history out of the generated text of a save made before format version 3, where
    /// it was kept under two keys; `nil` when the text holds neither (no line was recorded).
    public static func migrating(from generatedText: inout [String: String]) -> StoryLineHistory? {
        let stored = generatedText.removeValue(forKey: legacyLinesKey)
        let count = generatedText.removeValue(forKey: legacyCountKey)
        guard stored != nil || count != nil else { return nil }
        let lines =
            stored.map {
                $0.isEmpty ? [] : $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            } ?? []
        return StoryLineHistory(lines: lines, count: count.flatMap { Int($0) }.map { max($0, lines.count) })
    }
}
