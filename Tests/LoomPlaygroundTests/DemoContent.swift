import Foundation
import LoomCore
import LoomImage
import LoomPlayground

/// A seeded cellular-automaton cave, written here for the tests: walls start at `fill`
/// percent, then `smoothing` rounds of the 4-5 rule.
func makeCave(seed: Seed, width: Int, height: Int, fill: Double, smoothing: Int) -> Grid<Bool> {
    var random = seed.makeRandom()
    var walls = Grid(width: width, height: height, repeating: false)
    for y in 0..<height {
        for x in 0..<width {
            let border = x == 0 || y == 0 || x == width - 1 || y == height - 1
            walls[x, y] = border || random.nextDouble() * 100 < fill
        }
    }
    for _ in 0..<smoothing {
        var next = walls
        for y in 0..<height {
            for x in 0..<width {
                var count = 0
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        if walls.at(x: x + dx, y: y + dy) ?? true { count += 1 }
                    }
                }
                next[x, y] = count >= 5 || (walls[x, y] && count >= 4)
            }
        }
        walls = next
    }
    return walls
}

/// The cave as preview content: a terrain layer, a translucent "marks" layer over floor
/// cells on a checkerboard, walkability from the floor.
func caveContent(size: Int = 48, name: String = "cave") -> GeneratedContent {
    GeneratedContent(
        name: name,
        parameters: [
            .number("fill", default: 45, range: 30...70, step: 1), .number("smoothing", default: 4, range: 0...8),
            .choice("palette", ["stone", "ice"]),
        ]
    ) { seed, values in
        let walls = makeCave(
            seed: seed, width: size, height: size, fill: values["fill", default: 45],
            smoothing: Int(values["smoothing", default: 4]))
        let ice = values["palette"] == 1
        let wall = ice ? RGBA(40, 60, 110) : RGBA(60, 52, 48)
        let floor = ice ? RGBA(200, 230, 255) : RGBA(210, 180, 120)
        let terrain = RGBAImage(walls) { $0 ? wall : floor }
        let marks = RGBAImage(walls.mapWithPosition { x, y, isWall in !isWall && (x + y) % 8 == 0 }) {
            $0 ? RGBA(255, 0, 0, 128) : .clear
        }
        return PreviewMap(
            layers: [PreviewLayer(name: "terrain", image: terrain), PreviewLayer(name: "marks", image: marks)],
            walkable: walls.map { !$0 },
            hoverInfo: { cell in [walls[cell.x, cell.y] ? "tile: wall" : "tile: floor"] })!
    }
}

/// A three-node story: start → (cave | sea) → end, advanced by choosing options.
final class ScriptedStory: PreviewStory {
    private(set) var node = 0
    private(set) var lines = ["You wake at the cave mouth."]
    private(set) var entered: [Point] = []
    var mapChanges = 0

    var options: [PreviewStoryOption] {
        switch node {
        case 0: [PreviewStoryOption("Go into the cave"), PreviewStoryOption("Swim out to sea", isAvailable: false)]
        case 1: [PreviewStoryOption("Light a torch")]
        default: []
        }
    }

    func select(_ index: Int) throws -> PreviewUpdate {
        guard options.indices.contains(index), options[index].isAvailable else {
            throw LoomError(.invalidArgument, "option \(index + 1) is not available")
        }
        lines.append("> " + options[index].text)
        node += 1
        lines.append(node == 1 ? "It is dark in here." : "The walls glitter with ice.")
        if node == 2 {
            mapChanges += 1
            return [.story, .map]
        }
        return .story
    }

    var graph: PreviewStoryGraph? {
        PreviewStoryGraph(
            nodes: ["Start", "Cave", "Sea", "Torch"],
            edges: [.init(from: 0, to: 1), .init(from: 0, to: 2), .init(from: 1, to: 3)], current: node == 2 ? 3 : node)
    }

    func recordEntry(_ cell: Point) { entered.append(cell) }
}

/// The scripted story that also understands typed text: an available option whose words
/// include every typed word matches (a stand-in for a sentence model).
final class TypedStory: PreviewStory {
    let scripted = ScriptedStory()
    var lines: [String] { scripted.lines }
    var options: [PreviewStoryOption] { scripted.options }
    var graph: PreviewStoryGraph? { nil }

    func select(_ index: Int) throws -> PreviewUpdate { try scripted.select(index) }

    func select(matching text: String) throws -> PreviewTextChoice {
        let words = text.lowercased().split(separator: " ")
        guard
            let index = options.indices.first(where: { index in
                options[index].isAvailable
                    && words.allSatisfy { options[index].text.lowercased().split(separator: " ").contains($0) }
            })
        else { return PreviewTextChoice(note: "no option matches \"\(text)\"", update: .none) }
        return PreviewTextChoice(note: "matched \"\(text)\", score 1.00", update: try select(index))
    }
}

/// Cave content whose story takes typed text.
final class TypedCaveContent: PreviewContent, @unchecked Sendable {
    let name = "typedcave"
    let cave = caveContent()
    let typed = TypedStory()
    var parameters: [PreviewParameter] { cave.parameters }
    var story: (any PreviewStory)? { typed }

    func generate(seed: Seed, parameters: PreviewParameterValues) throws -> PreviewMap {
        try cave.generate(seed: seed, parameters: parameters)
    }
}

/// Cave content with a story; once the story reaches its end, the cave turns to ice. A
/// reload reads `source` and throws a located error when it contains "error".
final class StoryCaveContent: PreviewContent, @unchecked Sendable {
    let name = "storycave"
    let cave = caveContent()
    let scripted = ScriptedStory()
    let source: String?

    init(source: String? = nil) { self.source = source }

    var parameters: [PreviewParameter] { cave.parameters }
    var story: (any PreviewStory)? { scripted }
    var watchedFiles: [String] { source.map { [$0] } ?? [] }

    func generate(seed: Seed, parameters: PreviewParameterValues) throws -> PreviewMap {
        var values = parameters
        if scripted.mapChanges > 0 { values.values["palette"] = 1 }
        return try cave.generate(seed: seed, parameters: values)
    }

    func playerEntered(_ cell: Point, in map: PreviewMap) -> PreviewUpdate {
        scripted.recordEntry(cell)
        return .none
    }

    func reload() throws {
        guard let source else { return }
        let text = try AtomicFile.readText(source)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: "error") {
                throw LoomError(
                    .syntax, "unexpected 'error' in world script",
                    at: SourceLocation(
                        file: source, line: index + 1,
                        column: line.distance(from: line.startIndex, to: range.lowerBound) + 1))
            }
        }
    }
}
