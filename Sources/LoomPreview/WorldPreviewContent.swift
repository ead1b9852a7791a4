import Foundation
import Loom
import LoomPlayground

/// A world in the playground: the map's tile layers in tileset colours (float layers as hidden
/// grey layers), hover info, walkability, the story panel played by a `WorldSession`, the
/// story graph, the world's rules when the player enters a cell, and reload from disk.
///
/// The playground generates on a worker thread while the render thread plays the story; one
/// lock serialises the session, which is used from one thread at a time, and the reload that
/// replaces the world.
///
/// ```swift
/// let content = WorldPreviewContent(world: try World.load(from: "Worlds/isles"))
/// try LoomPlayground.run(content: content)   // or World.preview(), which does both
/// ```
public final class WorldPreviewContent: PreviewContent, @unchecked Sendable {
    /// The world shown; replaced by a fresh load of its folder at every successful ``reload()``.
    public private(set) var world: World
    /// The map size to generate at; `nil` for the world's own.
    public let size: Size?
    private let lock = NSRecursiveLock()
    private var session: WorldSession?
    private var shownEdits = 0
    private var lastParameters = PreviewParameterValues()
    private lazy var panel = WorldStoryPanel(content: self)
    /// The sentence model for the text box, loaded on the first typed text.
    private var embedder: (any TextEmbedder)?

    /// Content showing `world` at `size` (default: the size `world.lua` declares).
    public init(world: World, size: Size? = nil) {
        self.world = world
        self.size = size
    }

    public var name: String { locked { world.definition.name } }

    public var parameters: [PreviewParameter] {
        locked {
            world.definition.parameters.map {
                .number($0.name, default: $0.defaultValue, range: $0.minimum...$0.maximum, step: $0.step)
            }
        }
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The session being played in the preview (its transcript, its map); replaced at every
    /// reseed, parameter change and reload.
    public var currentSession: WorldSession? { locked { session } }

    public func generate(seed: Seed, parameters: PreviewParameterValues) throws -> PreviewMap {
        try locked {
            if let session, session.seed == seed, parameters == lastParameters, session.mapEdits != shownEdits {
                shownEdits = session.mapEdits
                return try Self.previewMap(session.tileMap)
            }
            let generated = try world.generate(seed: seed, size: size, parameters: parameters.values)
            lastParameters = parameters
            let session = try world.play(generated)
            try session.start()
            self.session = session
            shownEdits = 0
            return try Self.previewMap(generated.map)
        }
    }

    public var story: (any PreviewStory)? { panel }

    public func playerEntered(_ cell: Point, in map: PreviewMap) -> PreviewUpdate {
        locked {
            guard let session else { return .none }
            do {
                let before = session.mapEdits
                let node = try session.enter(cell)
                var update: PreviewUpdate = node == nil ? .none : .story
                if session.mapEdits != before { update.insert(.map) }
                return update
            } catch {
                session.noteError(error)
                return .story
            }
        }
    }

    public var watchedFiles: [String] { locked { world.files } }

    public func reload() throws {
        try locked {
            // A broken file throws here and leaves the last good world (and its session) on screen.
            world = try world.reloaded()
            session = nil
        }
    }

    /// Lines, options and choices for the panel.
    func select(_ index: Int) throws -> PreviewUpdate {
        try locked {
            guard let session else { return .none }
            let before = session.mapEdits
            try session.choose(index)
            return session.mapEdits != before ? [.story, .map] : .story
        }
    }

    /// Typed text from the text box: the option it means, as `loom play --free-text` chooses.
    func select(matching text: String) throws -> PreviewTextChoice {
        try locked {
            guard let session else { return PreviewTextChoice(note: "", update: .none) }
            if embedder == nil {
                // A story that needs the model already loaded it with the session.
                embedder = try world.textEmbedder ?? world.loadTextEmbedder()
                world.textEmbedder = embedder
            }
            session.textEmbedder = embedder
            let before = session.mapEdits
            let match = try session.choose(matching: text)
            return PreviewTextChoice(note: match.summary, update: session.mapEdits != before ? [.story, .map] : .story)
        }
    }

    /// The map as the playground shows it.
    static func previewMap(_ map: TileMap) throws -> PreviewMap {
        var layers: [PreviewLayer] = []
        for layer in map.tileLayers {
            layers.append(PreviewLayer(name: layer.name, image: try map.image(layer: layer.name)))
        }
        for layer in map.floatLayers {
            let values = layer.values.cells
            let low = values.min() ?? 0, high = values.max() ?? 1
            let range = high > low ? high - low : 1
            let image = RGBAImage(layer.values) { (value: Float) -> RGBA in
                let grey = UInt8(max(0, min(255, (value - low) / range * 255)))
                return RGBA(grey, grey, grey)
            }
            layers.append(PreviewLayer(name: layer.name, image: image, isVisible: false))
        }
        // The player starts at the first place the rules made (a town, an entrance).
        let start = map.annotations.first { ![.corridor, .room, .door].contains($0.kind) }
            .flatMap { $0.rect?.center ?? $0.points.first }
        let snapshot = map
        return PreviewMap(
            layers: layers, walkable: map.walkable(), start: start,
            hoverInfo: { cell in Self.describe(cell, in: snapshot) })!
    }

    static func describe(_ cell: Point, in map: TileMap) -> [String] {
        guard cell.x >= 0, cell.y >= 0, cell.x < map.width, cell.y < map.height else { return [] }
        var lines = ["(\(cell.x), \(cell.y))"]
        for layer in map.tileLayers {
            let tile = map.tileset.tile(id: layer.tiles[cell.x, cell.y])
            lines.append("\(layer.name): \(tile?.name ?? "?")\(tile?.isWalkable == true ? "" : " (blocked)")")
        }
        for layer in map.floatLayers {
            lines.append("\(layer.name): \(String(format: "%.3f", layer.values[cell.x, cell.y]))")
        }
        for annotation in map.annotations where annotation.kind != .corridor {
            if annotation.rect?.contains(cell) == true || annotation.points.contains(cell) {
                lines.append("\(annotation.kind): \(annotation.name)")
            }
        }
        return lines
    }
}

/// The story panel over the content's session.
final class WorldStoryPanel: PreviewStory {
    unowned let content: WorldPreviewContent

    init(content: WorldPreviewContent) { self.content = content }

    var lines: [String] { content.locked { content.currentSession?.lines ?? [] } }

    var options: [PreviewStoryOption] {
        content.locked {
            (content.currentSession?.options ?? []).map {
                PreviewStoryOption($0.text, isAvailable: $0.isAvailable)
            }
        }
    }

    func select(_ index: Int) throws -> PreviewUpdate { try content.select(index) }

    func select(matching text: String) throws -> PreviewTextChoice { try content.select(matching: text) }

    var graph: PreviewStoryGraph? {
        content.locked {
            // The graph is drawn for Yarn stories; an ink story's panel shows its lines and choices.
            guard let story = content.world.story.yarn else { return nil }
            let graph = StoryGraph(story: story)
            let names = graph.nodes.map(\.name)
            var index: [String: Int] = [:]
            for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
            let edges = graph.edges.compactMap { edge -> PreviewStoryGraph.Edge? in
                guard let from = index[edge.from], let to = index[edge.to] else { return nil }
                return PreviewStoryGraph.Edge(from: from, to: to)
            }
            let current = content.currentSession?.currentNode.flatMap { index[$0] }
            return PreviewStoryGraph(nodes: names, edges: edges, current: current)
        }
    }
}
