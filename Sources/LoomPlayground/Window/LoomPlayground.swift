import CLoomSDL
import Foundation
import LoomCore
import LoomImage

/// Entry points: a window for people, a headless run for tests, scripts and machines
/// without a display.
public enum LoomPlayground {
    /// Opens a window showing `content` and runs until it is closed (or `Esc`).
    ///
    /// Generation runs on a worker thread. Without vertical sync the loop sleeps to stay near
    /// `options.frameRateCap` frames per second.
    public static func run(content: any PreviewContent, options: PlaygroundOptions = PlaygroundOptions()) throws {
        let session = try PlaygroundSession(content: content, options: options)
        let clock = ContinuousClock()
        let frameBudget = Duration.seconds(1 / max(1, options.frameRateCap))
        while !session.wantsToQuit {
            let start = clock.now
            try session.step(SDLInput.poll())
            let spent = clock.now - start
            if spent < frameBudget {
                let rest = frameBudget - spent
                let milliseconds = rest.components.seconds * 1000 + rest.components.attoseconds / 1_000_000_000_000_000
                loom_SDL_Delay(UInt32(max(0, milliseconds)))
            }
        }
    }
}
