import CLoomSDL
import Foundation
import LoomCore
import LoomImage

/// A playground window and everything it shows, advanced one frame at a time.
///
/// The windowed run loop (``LoomPlayground/run(content:options:)``) and headless runs
/// (``LoomPlayground/runHeadless(content:frames:input:screenshot:options:)``) both drive a
/// session through ``step(_:capture:)``, so they share every line of input handling and
/// drawing. Use a session from one thread only.
public final class PlaygroundSession {
    /// What is shown.
    public let content: any PreviewContent
    /// How the session started.
    public let options: PlaygroundOptions

    let canvas: SDLCanvas
    let text: TextRenderer
    let mapRenderer: MapRenderer
    let worker: GenerationWorker?

    /// The seed asked for last (the map may still be generating with it).
    public internal(set) var seed: Seed
    /// Seeds left behind by reseeding, most recent last; `Backspace` returns to them.
    public internal(set) var seedHistory: [Seed] = []
    /// The current parameter values.
    public internal(set) var parameterValues: PreviewParameterValues
    /// The last map generated without error, and the seed it was made with.
    public internal(set) var map: PreviewMap?
    /// The seed of ``map``.
    public internal(set) var mapSeed: Seed?
    /// Which of the map's layers are drawn.
    public internal(set) var layerVisibility: [Bool] = []
    /// Whether arrow keys move the player marker (play mode) or the camera.
    public internal(set) var isPlayMode = false
    /// The player marker's cell.
    public internal(set) var playerCell: Point?
    /// Whether the story graph view is shown (`G`).
    public internal(set) var showsStoryGraph = false
    /// Frames stepped so far.
    public internal(set) var frame = 0
    /// Whether a quit event arrived.
    public internal(set) var wantsToQuit = false
    /// The path of the last PNG exported with `P`.
    public internal(set) var lastExport: String?
    /// Seconds the last successful generation took, measured on the clock.
    public internal(set) var lastGenerationSeconds: Double?

    /// The story's text box while the player types (Enter opens it, Enter sends, Esc
    /// cancels); `nil` when closed.
    public internal(set) var typedText: String?
    /// The story's answer to the last typed text (`matched "…", score 0.73`), shown under the
    /// options until the next choice.
    public internal(set) var storyNote: String?
    var camera = Camera()
    var needsFit = true
    var showsHUD: Bool
    var showsPanels: Bool
    var selectedParameter = 0
    var mouse: Point?
    var drag: Drag?
    var reloadError: String?
    var generationError: String?
    var actionError: String?
    var statusMessage: String?
    var nextRequestID = 0
    var shownRequestID = -1
    var watchedStamps: [String: Date] = [:]
    var lastWatchCheck = -1.0
    var smoothedFrameSeconds: Double?
    var lastFrameTime: ContinuousClock.Instant?
    var uploadCount: Int { mapRenderer.uploadCount }

    enum Drag {
        case camera(lastX: Int, lastY: Int)
        case parameter(Int)
    }

    /// The text of the error overlay, or `nil` when none shows: a failed reload first, then a
    /// failed generation, then a failed action (story choice, export).
    public var errorMessage: String? { reloadError ?? generationError ?? actionError }

    /// Opens the window (hidden in headless runs), then generates the first map (waiting for
    /// it when `options.synchronousGeneration` is set).
    public init(
        content: any PreviewContent, options: PlaygroundOptions = PlaygroundOptions(), hidden: Bool = false
    )
        throws
    {
        self.content = content
        self.options = options
        self.seed = options.seed
        var values = PreviewParameterValues(defaults: content.parameters)
        for (name, value) in options.parameters.values { values.values[name] = value }
        self.parameterValues = values
        self.showsHUD = options.showsHUD
        self.showsPanels = options.showsPanels
        canvas = try SDLCanvas(
            title: "Loom - \(content.name)", width: options.width, height: options.height,
            software: options.softwareRenderer || hidden, hidden: hidden, vsync: options.fixedFrameTime == nil)
        text = try TextRenderer(canvas: canvas, fontPath: options.fontPath, pointSize: options.fontSize)
        mapRenderer = MapRenderer(canvas: canvas)
        worker = options.synchronousGeneration ? nil : GenerationWorker(content: content)
        watchedStamps = stamps()
        updateTitle()
        regenerate()
    }

    deinit { worker?.stop() }

    /// Whether a generation is queued or running on the worker thread.
    public var isGenerating: Bool { worker?.isBusy ?? false }

    /// Applies `inputs`, takes a finished generation if any, draws a frame and shows it.
    /// With `capture`, returns the frame's pixels as drawn (before it is shown).
    @discardableResult
    public func step(_ inputs: [PlaygroundInput] = [], capture: Bool = false) throws -> RGBAImage? {
        for input in inputs { handle(input) }
        checkWatchedFiles()
        if let result = worker?.take() { apply(result) }
        measureFrame()
        draw()
        let pixels = capture ? try canvas.readPixels() : nil
        canvas.present()
        frame += 1
        return pixels
    }

    /// Blocks until the worker thread has finished every request, then takes the result, so
    /// the next frame shows the newest map.
    public func waitForGeneration() {
        guard let worker else { return }
        worker.waitUntilIdle()
        if let result = worker.take() { apply(result) }
    }

    /// Asks for a map with the current seed and parameters; a newer request supersedes it.
    func regenerate() {
        let request = GenerationRequest(id: nextRequestID, seed: seed, values: parameterValues)
        nextRequestID += 1
        if let worker {
            worker.submit(request)
        } else {
            apply(GenerationResult.make(request, content: content))
        }
        updateTitle()
    }

    func apply(_ result: GenerationResult) {
        guard result.request.id > shownRequestID else { return }
        shownRequestID = result.request.id
        switch result.outcome {
        case .success(let newMap):
            do {
                try mapRenderer.upload(newMap)
            } catch {
                generationError = PlaygroundSession.describe(error)
                return
            }
            let sameLayers = map.map { $0.layers.map(\.name) == newMap.layers.map(\.name) } ?? false
            if !sameLayers { layerVisibility = newMap.layers.map(\.isVisible) }
            if map.map({ $0.width != newMap.width || $0.height != newMap.height }) ?? true { needsFit = true }
            map = newMap
            mapSeed = result.request.seed
            lastGenerationSeconds = result.seconds
            generationError = nil
            if let player = playerCell, newMap.isWalkable(player) {
                playerCell = player
            } else {
                playerCell = newMap.startCell
            }
        case .failure(let error):
            generationError = PlaygroundSession.describe(error)
        }
        updateTitle()
    }

    func updateTitle() {
        canvas.setTitle("Loom - \(content.name) - seed \(seed)")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? LoomError { return error.description }
        return String(describing: error)
    }

    private func measureFrame() {
        if let fixed = options.fixedFrameTime {
            smoothedFrameSeconds = fixed
            return
        }
        let now = ContinuousClock.now
        if let last = lastFrameTime {
            let elapsed = now - last
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            smoothedFrameSeconds = smoothedFrameSeconds.map { $0 * 0.9 + seconds * 0.1 } ?? seconds
        }
        lastFrameTime = now
    }
}
