import CLoomSDL

/// Turns SDL events into ``PlaygroundInput`` so that a window and an input script drive the
/// same code.
enum SDLInput {
    /// Drains SDL's event queue.
    static func poll() -> [PlaygroundInput] {
        var inputs: [PlaygroundInput] = []
        var event = SDL_Event()
        while loom_SDL_PollEvent(&event) != 0 {
            if let input = translate(event) { inputs.append(input) }
        }
        return inputs
    }

    static func translate(_ event: SDL_Event) -> PlaygroundInput? {
        switch SDL_EventType(event.type) {
        case SDL_QUIT:
            return .quit
        case SDL_KEYDOWN:
            return key(event.key.keysym.sym).map { .key($0) }
        case SDL_MOUSEMOTION:
            return .mouseMove(x: Int(event.motion.x), y: Int(event.motion.y))
        case SDL_MOUSEBUTTONDOWN where event.button.button == UInt8(SDL_BUTTON_LEFT):
            return .mouseDown(x: Int(event.button.x), y: Int(event.button.y))
        case SDL_MOUSEBUTTONUP where event.button.button == UInt8(SDL_BUTTON_LEFT):
            return .mouseUp(x: Int(event.button.x), y: Int(event.button.y))
        case SDL_MOUSEWHEEL:
            let steps = Int(event.wheel.y)
            return steps == 0 ? nil : .wheel(event.wheel.direction == SDL_MOUSEWHEEL_FLIPPED.rawValue ? -steps : steps)
        case SDL_TEXTINPUT:
            let typed = withUnsafeBytes(of: event.text.text) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return typed.isEmpty ? nil : .text(typed)
        case SDL_WINDOWEVENT where event.window.event == UInt8(SDL_WINDOWEVENT_SIZE_CHANGED.rawValue):
            return .resize(width: Int(event.window.data1), height: Int(event.window.data2))
        default:
            return nil
        }
    }

    private static func key(_ sym: SDL_Keycode) -> PlaygroundKey? {
        switch UInt32(bitPattern: sym) {
        case SDLK_UP.rawValue: return .up
        case SDLK_DOWN.rawValue: return .down
        case SDLK_LEFT.rawValue: return .left
        case SDLK_RIGHT.rawValue: return .right
        case SDLK_TAB.rawValue: return .tab
        case SDLK_BACKSPACE.rawValue: return .backspace
        case SDLK_ESCAPE.rawValue: return .escape
        case SDLK_RETURN.rawValue, SDLK_KP_ENTER.rawValue: return .enter
        case SDLK_KP_PLUS.rawValue: return .character("+")
        case SDLK_KP_MINUS.rawValue: return .character("-")
        case SDLK_F1.rawValue...SDLK_F12.rawValue: return .function(Int(UInt32(bitPattern: sym) - SDLK_F1.rawValue) + 1)
        default:
            guard sym > 32, sym < 127, let scalar = Unicode.Scalar(UInt32(sym)) else {
                return sym == 32 ? .character(" ") : nil
            }
            return .character(Character(scalar))
        }
    }
}
