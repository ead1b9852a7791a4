import Foundation
import Loom
import LoomPlayground

extension World {
    /// Opens this world in a playground window: the map in tileset colours, reseeding (`R`),
    /// the world's parameters as sliders, walking (`Tab`, arrows), the story panel (`1`…`9`,
    /// `Enter` to type), the story graph (`G`) and reload when its files change. Returns when
    /// the window closes.
    ///
    /// ```swift
    /// let world = try World.load(from: "Worlds/isles")
    /// try world.preview()
    /// ```
    /// - Parameters:
    ///   - seed: the first seed; default: the world's.
    ///   - size: the map size; default: the world's.
    ///   - options: the window's options (its `seed` is replaced by `seed`).
    /// - Throws: `.runtime` when no window can be opened (no display); ``previewHeadless(frames:seed:size:input:screenshot:options:)``
    ///   runs without one.
    public func preview(seed: Seed? = nil, size: Size? = nil, options: PlaygroundOptions = PlaygroundOptions()) throws {
        var options = options
        options.seed = seed ?? definition.seed
        try LoomPlayground.run(content: WorldPreviewContent(world: self, size: size), options: options)
    }

    /// Runs the preview with no window for `frames` frames (SDL's offscreen driver), feeding
    /// `input`, and returns the last frame with the preview's story session, for tests,
    /// screenshots and machines without a display.
    ///
    /// ```swift
    /// let run = try world.previewHeadless(frames: 5, screenshot: "isles.png")
    /// print(run.session?.transcript.joined(separator: "\n") ?? "")
    /// ```
    @discardableResult
    public func previewHeadless(
        frames: Int, seed: Seed? = nil, size: Size? = nil, input: InputScript = InputScript(),
        screenshot: String? = nil, options: PlaygroundOptions = PlaygroundOptions()
    ) throws -> WorldPreviewRun {
        var options = options
        options.seed = seed ?? definition.seed
        let content = WorldPreviewContent(world: self, size: size)
        let result = try LoomPlayground.runHeadless(
            content: content, frames: frames, input: input, screenshot: screenshot, options: options)
        return WorldPreviewRun(content: content, result: result)
    }
}

/// What a headless preview of a world leaves: the playground's last frame and state, and the
/// world's story session.
public struct WorldPreviewRun {
    /// The adapter the playground showed.
    public let content: WorldPreviewContent
    /// The playground's last frame, seed, errors and unplayed input.
    public let result: HeadlessResult

    /// The story session of the last map shown (its transcript, lines and options).
    public var session: WorldSession? { content.currentSession }
}
