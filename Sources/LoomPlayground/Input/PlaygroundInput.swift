/// A key the playground reacts to, independent of SDL's key codes.
public enum PlaygroundKey: Hashable, Sendable {
    /// A printable key, lowercase for letters: `r`, `1`, `+`, `[`.
    case character(Character)
    /// Arrow keys.
    case up, down, left, right
    /// Named keys (`Enter` includes the keypad's).
    case tab, backspace, escape, enter
    /// `F1`…`F12`.
    case function(Int)

    /// The key for a name as input scripts write it: one printable character (`r`, `1`, `+`),
    /// or `up`, `down`, `left`, `right`, `tab`, `backspace`, `escape`, `enter`, `space`,
    /// `plus`, `minus`, `f1`…`f12`; `nil` for anything else.
    public init?(name: String) {
        let lower = name.lowercased()
        switch lower {
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "tab": self = .tab
        case "backspace": self = .backspace
        case "escape", "esc": self = .escape
        case "enter", "return": self = .enter
        case "space": self = .character(" ")
        case "plus": self = .character("+")
        case "minus": self = .character("-")
        default:
            if lower.count == 1, let c = lower.first, c.isASCII, !c.isWhitespace {
                self = .character(c)
            } else if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) {
                self = .function(n)
            } else {
                return nil
            }
        }
    }
}

/// One input event, as SDL delivers it or an input script describes it. Coordinates are
/// window pixels from the top-left corner; mouse buttons other than the left one are ignored.
public enum PlaygroundInput: Hashable, Sendable {
    /// A key pressed (repeats while held arrive as more presses).
    case key(PlaygroundKey)
    /// The mouse moved to a point.
    case mouseMove(x: Int, y: Int)
    /// The left button went down at a point.
    case mouseDown(x: Int, y: Int)
    /// The left button came up at a point.
    case mouseUp(x: Int, y: Int)
    /// Wheel steps: positive zooms in, negative zooms out.
    case wheel(Int)
    /// The window was resized (or, from a script, is to be resized) to a size in pixels.
    case resize(width: Int, height: Int)
    /// The window is closing.
    case quit
    /// Text typed (SDL's text input, or a script's `type` line); only the story's text box uses it.
    case text(String)
}
