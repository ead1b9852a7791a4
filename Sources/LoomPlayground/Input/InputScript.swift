import LoomCore

/// Input for a headless run: events, each on the frame it happens.
///
/// The text format has one event per line, `FRAME EVENT ARGUMENTS…`, separated by spaces;
/// blank lines and lines starting with `#` are ignored. Frames count from 0 and lines may
/// come in any order (events on the same frame keep their order).
///
/// | line | meaning |
/// |---|---|
/// | `12 key r` | press a key (names as ``PlaygroundKey/init(name:)`` reads them) |
/// | `20 click 100 200` | move the mouse to (100, 200), press and release the left button |
/// | `21 move 300 40` | move the mouse (hover) |
/// | `45 drag 10 10 200 200` | press at (10, 10), move to (200, 200), release |
/// | `40 wheel -1` | turn the wheel: positive zooms in |
/// | `50 resize 800 600` | resize the window |
/// | `60 quit` | close the window: the run ends after this frame |
/// | `30 type light the lamp` | type text (the rest of the line) into the story's text box |
///
/// A bad line throws a `LoomError` (`.syntax`) located at the bad word:
/// `input.txt:3:4: error: unknown event 'clack'; expected key, click, move, drag, wheel, resize, type or quit`.
public struct InputScript: Hashable, Sendable {
    /// One scripted event.
    public struct Event: Hashable, Sendable {
        /// The frame it happens on, 0 or more.
        public var frame: Int
        /// What happens.
        public var input: PlaygroundInput

        /// An event on `frame`.
        public init(frame: Int, input: PlaygroundInput) {
            self.frame = frame
            self.input = input
        }
    }

    /// Events sorted by frame, stable within a frame.
    public var events: [Event]

    /// A script from events (sorted by frame, stable).
    public init(events: [Event] = []) {
        self.events = events.enumerated().sorted { ($0.element.frame, $0.offset) < ($1.element.frame, $1.offset) }
            .map(\.element)
    }

    /// Reads a script file.
    public static func load(from path: String) throws -> InputScript {
        try parse(try AtomicFile.readText(path), name: path)
    }

    /// The events happening on `frame`, in order.
    public func events(on frame: Int) -> [PlaygroundInput] {
        events.filter { $0.frame == frame }.map(\.input)
    }

    /// The last frame with an event, or -1 when there are none.
    public var lastFrame: Int { events.last?.frame ?? -1 }

    /// Parses script text; `name` appears in errors.
    public static func parse(_ text: String, name: String = "<input>") throws -> InputScript {
        var events: [Event] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = ScriptWord.split(line)
            guard let first = words.first, !first.text.hasPrefix("#") else { continue }
            let at = { (word: ScriptWord) in SourceLocation(file: name, line: index + 1, column: word.column) }
            guard let frame = Int(first.text), frame >= 0 else {
                throw LoomError(.syntax, "expected a frame number (0 or more), found '\(first.text)'", at: at(first))
            }
            guard words.count >= 2 else {
                throw LoomError(
                    .syntax, "expected an event after the frame number",
                    at: SourceLocation(file: name, line: index + 1, column: first.column + first.text.count))
            }
            let verb = words[1], arguments = Array(words.dropFirst(2))
            if verb.text.lowercased() == "type" {
                let typed = arguments.first.map { String(line.dropFirst($0.column - 1)) } ?? ""
                events.append(Event(frame: frame, input: .text(typed.trimmingTrailingSpaces)))
                continue
            }
            for input in try inputs(verb: verb, arguments: arguments, location: at) {
                events.append(Event(frame: frame, input: input))
            }
        }
        return InputScript(events: events)
    }

    private static func inputs(
        verb: ScriptWord, arguments: [ScriptWord], location at: (ScriptWord) -> SourceLocation
    ) throws -> [PlaygroundInput] {
        func numbers(_ count: Int, _ meaning: String) throws -> [Int] {
            guard arguments.count == count else {
                let place = arguments.count > count ? arguments[count] : arguments.last ?? verb
                throw LoomError(
                    .syntax,
                    "'\(verb.text)' takes \(count) number\(count == 1 ? "" : "s") (\(meaning)), found \(arguments.count)",
                    at: at(place))
            }
            return try arguments.map { word in
                guard let value = Int(word.text) else {
                    throw LoomError(.syntax, "expected a whole number, found '\(word.text)'", at: at(word))
                }
                return value
            }
        }
        switch verb.text.lowercased() {
        case "key":
            guard arguments.count == 1 else {
                throw LoomError(.syntax, "'key' takes one key name", at: at(arguments.count > 1 ? arguments[1] : verb))
            }
            guard let key = PlaygroundKey(name: arguments[0].text) else {
                throw LoomError(
                    .syntax,
                    "unknown key '\(arguments[0].text)'; expected a character or up, down, left, right, tab, backspace, escape, enter, space, plus, minus, f1…f12",
                    at: at(arguments[0]))
            }
            return [.key(key)]
        case "click":
            let p = try numbers(2, "x y")
            return [.mouseMove(x: p[0], y: p[1]), .mouseDown(x: p[0], y: p[1]), .mouseUp(x: p[0], y: p[1])]
        case "move":
            let p = try numbers(2, "x y")
            return [.mouseMove(x: p[0], y: p[1])]
        case "drag":
            let p = try numbers(4, "x1 y1 x2 y2")
            return [
                .mouseMove(x: p[0], y: p[1]), .mouseDown(x: p[0], y: p[1]), .mouseMove(x: p[2], y: p[3]),
                .mouseUp(x: p[2], y: p[3]),
            ]
        case "wheel":
            return [.wheel(try numbers(1, "steps")[0])]
        case "resize":
            let p = try numbers(2, "width height")
            guard p[0] > 0, p[1] > 0 else {
                throw LoomError(.syntax, "a window size must be positive", at: at(arguments[0]))
            }
            return [.resize(width: p[0], height: p[1])]
        case "quit":
            _ = try numbers(0, "none")
            return [.quit]
        default:
            throw LoomError(
                .syntax, "unknown event '\(verb.text)'; expected key, click, move, drag, wheel, resize, type or quit",
                at: at(verb))
        }
    }
}

extension String {
    /// Without trailing spaces, tabs and carriage returns.
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}

/// A word of a script line and the column (from 1) where it starts.
private struct ScriptWord {
    var text: String
    var column: Int

    static func split(_ line: Substring) -> [ScriptWord] {
        var words: [ScriptWord] = []
        var current = ""
        var start = 0
        for (offset, character) in line.enumerated() {
            if character == " " || character == "\t" || character == "\r" {
                if !current.isEmpty { words.append(ScriptWord(text: current, column: start + 1)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(ScriptWord(text: current, column: start + 1)) }
        return words
    }
}
