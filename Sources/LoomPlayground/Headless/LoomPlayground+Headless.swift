import CLoomSDL
import Foundation
import LoomCore
import LoomImage

extension LoomPlayground {
    /// Runs `content` for `frames` frames with no one watching: SDL's offscreen driver (unless
    /// `SDL_VIDEODRIVER` names another), the software renderer, generation awaited on the
    /// calling thread and a fixed frame time, so the same input gives the same pixels.
    ///
    /// - Parameters:
    ///   - content: what to show.
    ///   - frames: frames to draw, at least 1; the run stops early on a `quit` event.
    ///   - input: events by frame (see ``InputScript``); events on frames never drawn are ignored.
    ///   - screenshot: a PNG path for the last frame, written atomically; `nil` writes none.
    ///   - options: as for a window; `synchronousGeneration` and `fixedFrameTime` (1/60 when
    ///     unset) are forced.
    /// - Returns: the last frame's pixels and the session's final state.
    @discardableResult
    public static func runHeadless(
        content: any PreviewContent, frames: Int, input: InputScript = InputScript(), screenshot: String? = nil,
        options: PlaygroundOptions = PlaygroundOptions()
    ) throws -> HeadlessResult {
        guard frames >= 1 else {
            throw LoomError(.invalidArgument, "a headless run needs at least 1 frame, got \(frames)")
        }
        prepareHeadlessVideo()
        var options = options
        options.synchronousGeneration = true
        options.fixedFrameTime = options.fixedFrameTime ?? 1.0 / 60
        let session = try PlaygroundSession(content: content, options: options, hidden: true)
        var image: RGBAImage?
        for frame in 0..<frames {
            let inputs = input.events(on: frame)
            let last = frame == frames - 1 || inputs.contains(.quit)
            image = try session.step(inputs, capture: last)
            if session.wantsToQuit { break }
        }
        guard let image else { throw LoomError(.runtime, "the headless run drew no frame") }
        if let screenshot { try image.export(to: screenshot) }
        let unplayed = input.events.filter { $0.frame >= session.frame }.count
        return HeadlessResult(session: session, image: image, unplayedEvents: unplayed)
    }

    /// Selects SDL's offscreen video driver unless one is chosen already, the software
    /// renderer, and a plain memory framebuffer.
    public static func prepareHeadlessVideo() {
        setenv("SDL_VIDEODRIVER", "offscreen", 0)
        // Without SDL there is nothing to prepare; opening the canvas reports the missing library.
        guard loom_sdl_load(Int32(LOOM_SDL_CORE)) == nil else { return }
        loom_SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software")
        // Otherwise the offscreen driver shows its framebuffer through a second, GPU-emulating
        // renderer, which copies every frame and costs more than drawing it.
        loom_SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0")
    }
}

/// What a headless run leaves: the last frame and the session (seed, errors, story, exports).
public struct HeadlessResult {
    /// The session after its last frame; drive it further with ``PlaygroundSession/step(_:capture:)``.
    public let session: PlaygroundSession
    /// The last frame's pixels (opaque).
    public let image: RGBAImage
    /// Scripted events on frames the run never reached (worth a warning: the script is
    /// longer than `frames`, or a `quit` came first).
    public let unplayedEvents: Int
}
