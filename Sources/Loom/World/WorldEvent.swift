import LoomCore
import LoomStory

/// Something that happened in a playthrough, in order: what ``WorldSession/events`` holds and
/// `loom play WORLD --json` prints, one JSON object each. ``WorldSession/transcript`` is the
/// same playthrough as text, one entry per event (the options one entry per option).
public enum WorldEvent: Sendable, Hashable {
    /// The player entered `cell`, whose `on_enter` rule started a node; the place there, if any.
    case entered(Point, place: String?)
    /// A node (dialogue) started.
    case node(String)
    /// A line the player reads: the story's, or one a rule said (`ctx.story:say`).
    case line(String)
    /// The options on offer, in order (unavailable ones too), as ``WorldSession/options`` holds
    /// them.
    case options([StoryPlayerChoice])
    /// The player chose option `number` (from 1), whose text is `text`.
    case choice(number: Int, text: String)
    /// Typed text and what it matched (``WorldSession/choose(matching:)``); a match is followed
    /// by its ``choice(number:text:)``, no match by the ``options(_:)`` offered again.
    case typed(OptionMatch)
    /// A story command the world ran (`<<shake>>` is `shake`).
    case command(String)
    /// With ``WorldSession/showsTextSources``: a text a model or fallback wrote afresh, with its
    /// writer, prompt and candidates; it comes before the line that shows it.
    case textSource(StoryTextWrite)
}
