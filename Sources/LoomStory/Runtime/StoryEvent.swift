/// A line of dialogue, ready to show.
public struct StoryLine: Hashable, Sendable, Codable {
    /// The line's id: `line:` and its `#line:` tag, or a generated one.
    public var id: String
    /// The final text: substitutions made, markup removed, replacement markers applied.
    public var text: String
    /// The speaker when the line starts `Name: `.
    public var characterName: String?
    /// Hashtags, without `#`.
    public var tags: [String]
    /// Markup attributes over ``text``.
    public var attributes: [MarkupAttribute]

    /// The text after the speaker's `Name: `, for showing beside a portrait.
    public var textWithoutCharacterName: String {
        MarkupResult(text: text, attributes: [], characterName: characterName).textWithoutCharacterName
    }
}

/// One option of an option set.
public struct StoryOption: Hashable, Sendable, Codable {
    /// Position in the set, from 0; pass it to ``StoryRunner/selectOption(_:)``.
    public var index: Int
    /// The option's text.
    public var line: StoryLine
    /// False when the option's condition failed (or its `once` was used): show it disabled.
    public var isAvailable: Bool
    /// Where the option's body starts.
    var destination: Int
}

/// A command for the host: `<<shake 2>>`.
public struct StoryCommand: Hashable, Sendable, Codable {
    /// The whole text, substitutions made: `shake 2`.
    public var text: String
    /// The text split on spaces, double-quoted parts kept whole: `["shake", "2"]`.
    public var arguments: [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var hasCurrent = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                hasCurrent = true
            } else if character == " " && !quoted {
                if hasCurrent { result.append(current) }
                current = ""
                hasCurrent = false
            } else {
                current.append(character)
                hasCurrent = true
            }
        }
        if hasCurrent { result.append(current) }
        return result
    }
}

/// What ``StoryRunner/continue()`` produces next.
public enum StoryEvent: Hashable, Sendable {
    /// A line to show.
    case line(StoryLine)
    /// Options to offer; answer with ``StoryRunner/selectOption(_:)`` (or continue when none is available).
    case options([StoryOption])
    /// A command no registered handler took.
    case command(StoryCommand)
    /// A node started.
    case nodeStart(String)
    /// A node ended (its visit is counted).
    case nodeEnd(String)
    /// The dialogue is over.
    case end
}
