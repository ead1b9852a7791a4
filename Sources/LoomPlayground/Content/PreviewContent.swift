import LoomCore
import LoomImage

/// What a playground shows: a named thing that makes a ``PreviewMap`` from a seed and
/// parameters, and optionally tells a story, reacts to the player and reloads from disk.
///
/// ``generate(seed:parameters:)`` runs on a worker thread (synchronously in headless mode);
/// everything else is called on the render thread. ``reload()`` is only called when no
/// generation is running, so an implementation may swap its state there without a lock.
/// Only ``name`` and ``generate(seed:parameters:)`` are required.
public protocol PreviewContent: AnyObject, Sendable {
    /// Shown in the title and used for exports (`<name>-<seed>.png`).
    var name: String { get }
    /// Settings the parameter panel offers. Default: none.
    var parameters: [PreviewParameter] { get }
    /// Makes the map for `seed` and `parameters`: a pure function of both. Throwing keeps
    /// the last good map and shows the error in the overlay.
    func generate(seed: Seed, parameters: PreviewParameterValues) throws -> PreviewMap
    /// The story panel's model. Default: `nil` (no panel).
    var story: (any PreviewStory)? { get }
    /// Called after the player marker enters `cell` of `map`. Default: nothing changes.
    func playerEntered(_ cell: Point, in map: PreviewMap) -> PreviewUpdate
    /// Files whose change on disk triggers ``reload()`` (polled twice a second). Default: none.
    var watchedFiles: [String] { get }
    /// Reads the content's sources again. Throw a `LoomError` with the file and line to have
    /// them shown in the error overlay; the last good map stays. On success the map is
    /// regenerated. Default: nothing to reload.
    func reload() throws
}

extension PreviewContent {
    /// No parameters.
    public var parameters: [PreviewParameter] { [] }
    /// No story panel.
    public var story: (any PreviewStory)? { nil }
    /// Entering a cell changes nothing.
    public func playerEntered(_ cell: Point, in map: PreviewMap) -> PreviewUpdate { .none }
    /// No files are watched.
    public var watchedFiles: [String] { [] }
    /// Nothing to reload.
    public func reload() throws {}
}

/// Content made from a generator closure: the simplest way to preview a generator.
///
/// ```swift
/// let content = GeneratedContent(name: "caves", parameters: [.number("fill", default: 45, range: 30...70)]) {
///     seed, values in makeCaveImage(seed: seed, fill: values["fill"])
/// }
/// try LoomPlayground.run(content: content)
/// ```
public final class GeneratedContent: PreviewContent {
    /// Shown in the title and used for exports.
    public let name: String
    /// The settings passed to the closure.
    public let parameters: [PreviewParameter]
    private let make: @Sendable (Seed, PreviewParameterValues) throws -> PreviewMap

    /// Content whose maps come from `generate`, which must be a pure function of its inputs.
    public init(
        name: String, parameters: [PreviewParameter] = [],
        generate: @escaping @Sendable (Seed, PreviewParameterValues) throws -> PreviewMap
    ) {
        self.name = name
        self.parameters = parameters
        self.make = generate
    }

    /// Content whose single layer is the image `generate` makes (one pixel per cell).
    public convenience init(
        name: String, parameters: [PreviewParameter] = [],
        image generate: @escaping @Sendable (Seed, PreviewParameterValues) throws -> RGBAImage
    ) {
        self.init(name: name, parameters: parameters) { seed, values in
            PreviewMap(image: try generate(seed, values))
        }
    }

    /// Calls the closure.
    public func generate(seed: Seed, parameters: PreviewParameterValues) throws -> PreviewMap {
        try make(seed, parameters)
    }
}
