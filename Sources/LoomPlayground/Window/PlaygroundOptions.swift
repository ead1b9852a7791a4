import LoomCore

/// How a playground window starts. Every field has a default; the type is `Codable` so a
/// command line or a settings file can fill it.
public struct PlaygroundOptions: Hashable, Sendable, Codable {
    /// The first seed. Default: 1.
    public var seed: Seed = Seed(1)
    /// Starting parameter values by name; missing ones take the content's defaults. Default: none.
    public var parameters: PreviewParameterValues = PreviewParameterValues()
    /// Window width in pixels. Default: 1280.
    public var width: Int = 1280
    /// Window height in pixels. Default: 720.
    public var height: Int = 720
    /// A TrueType font for all text; when it cannot be opened, Loom's bitmap font is used.
    /// Default: DejaVu Sans Mono, which `Scripts/bootstrap` installs.
    public var fontPath: String? = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    /// Font size in points. Default: 14.
    public var fontSize: Int = 14
    /// Whether the heads-up display (name, seed, frame rate, generation time) shows at the
    /// start; `H` toggles it. Default: `true`.
    public var showsHUD: Bool = true
    /// Whether the layer and parameter panels show; `L` toggles them. Default: `true`.
    public var showsPanels: Bool = true
    /// Use SDL's software renderer even with a GPU. Default: `false` (always on when headless).
    public var softwareRenderer: Bool = false
    /// Where `P` writes `<name>-<seed>.png`. Default: the current directory.
    public var exportDirectory: String = "."
    /// Generate on the calling thread and wait, so every frame shows the newest request's map.
    /// Default: `false` (a worker thread); headless runs set it for reproducible screenshots.
    public var synchronousGeneration: Bool = false
    /// A fixed frame time in seconds: the frame rate shown is derived from it instead of the
    /// clock, and clock-based figures (generation time) are left out of the display, so
    /// screenshots do not depend on timing. Default: `nil` (real time); headless runs use 1/60.
    public var fixedFrameTime: Double? = nil
    /// Frames per second the windowed loop aims for when the renderer does not wait for
    /// vertical sync. Default: 120.
    public var frameRateCap: Double = 120

    /// Options with every default.
    public init() {}
}
