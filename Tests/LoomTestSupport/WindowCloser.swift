import CLoomSDL
import Foundation

/// Closes the windows that tests open on SDL's offscreen driver.
public enum WindowCloser {
    /// Runs `body`, which opens a window and returns once it closes, while a thread waits for
    /// SDL's video to start and for `ready`, lets the window draw for `settle` seconds, then
    /// pushes the quit event a closed window sends every 50 ms until `body` has returned (events
    /// pushed before SDL's video starts would be lost, so it keeps asking).
    public static func closing(
        settle: TimeInterval = 0.2, when ready: @escaping @Sendable () -> Bool = { true }, _ body: () throws -> Void
    ) throws {
        let finished = Flag()
        let closer = Thread {
            while !(loom_SDL_WasInit(SDL_INIT_VIDEO) != 0 && ready()) && !finished.isSet {
                Thread.sleep(forTimeInterval: 0.01)
            }
            if settle > 0 { Thread.sleep(forTimeInterval: settle) }
            while !finished.isSet {
                var quit = SDL_Event()
                quit.type = SDL_QUIT.rawValue
                loom_SDL_PushEvent(&quit)
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        closer.start()
        defer { finished.set() }
        try body()
    }
}
