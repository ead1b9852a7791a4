/// A story variable's value in terms every story language Loom speaks shares.
public enum StoryPlayerValue: Hashable, Sendable, CustomStringConvertible {
    /// `true` or `false`.
    case bool(Bool)
    /// A number (Yarn's numbers; ink's ints and floats).
    case number(Double)
    /// Text (and, for ink, a list or divert target as it prints).
    case string(String)

    /// The value as a line shows it: whole numbers without `.0`.
    public var description: String {
        switch self {
        case .bool(let flag): flag ? "true" : "false"
        case .number(let value):
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let text): text
        }
    }
}

/// One choice a story offers.
public struct StoryPlayerChoice: Hashable, Sendable {
    /// The number to pass to ``StoryPlayer/choose(_:)``.
    public var index: Int
    /// What the player reads.
    public var text: String
    /// Whether the player may take it (Yarn shows unavailable options; ink hides them).
    public var isAvailable: Bool

    /// A choice from its parts.
    public init(index: Int, text: String, isAvailable: Bool) {
        self.index = index
        self.text = text
        self.isAvailable = isAvailable
    }
}

/// What a story says next.
public enum StoryPlayerEvent: Hashable, Sendable {
    /// A line of text with its tags.
    case line(text: String, tags: [String])
    /// Choices; the story waits for ``StoryPlayer/choose(_:)``.
    case choices([StoryPlayerChoice])
    /// The story has ended.
    case end
}

/// The one story API that Loom's story languages satisfy — Yarn Spinner's runner in
/// `LoomStory` and ink's in `LoomInk` — so a game, a world's Lua listeners or the playground's
/// story panel drive either the same way: pull events, answer choices, read and set
/// variables, save and load.
///
/// ```swift
/// func play(_ story: any StoryPlayer) throws {
///     while true {
///         switch try story.nextEvent() {
///         case .line(let text, _): print(text)
///         case .choices(let choices): try story.choose(choices.first { $0.isAvailable }!.index)
///         case .end: return
///         }
///     }
/// }
/// ```
public protocol StoryPlayer: AnyObject {
    /// The next line, the choices on offer, or the end.
    func nextEvent() throws -> StoryPlayerEvent
    /// Answers the choices of the last ``StoryPlayerEvent/choices(_:)`` event.
    func choose(_ index: Int) throws
    /// A story variable's value (Yarn names start with `$`), or `nil` when there is none.
    func variable(_ name: String) -> StoryPlayerValue?
    /// Sets a story variable.
    func setVariable(_ name: String, to value: StoryPlayerValue) throws
    /// Everything needed to continue later, in the runtime's versioned save format.
    func saveData() throws -> [UInt8]
    /// Restores what ``saveData()`` returned.
    func loadData(_ bytes: [UInt8]) throws
}
