import Foundation
import LoomCore
import LoomImage
import Testing

@testable import LoomMaps

/// Every horizontal and vertical pair of `variants` (wrapping where periodic) is allowed.
func adjacenciesAreAllowed(_ variants: Grid<Int>, rules: some WFCRules, periodic: Bool) -> Bool {
    for y in 0..<variants.height {
        for x in 0..<variants.width {
            for direction in [WFCDirection.right, .down] {
                let nx = x + direction.dx, ny = y + direction.dy
                if !periodic && (nx >= variants.width || ny >= variants.height) { continue }
                let neighbour = variants.at(x: nx, y: ny, edge: .wrap)
                if !rules.propagator.allows(variants[x, y], neighbour, direction) { return false }
            }
        }
    }
    return true
}

@Suite struct TiledTests {
    struct Run: CustomStringConvertible, Sendable {
        var name: String
        var subset: String?
        var size: Int
        var periodic: Bool
        var description: String { "\(name) \(subset ?? "all") \(size)²\(periodic ? " periodic" : "")" }
    }

    static let runs: [Run] = [
        Run(name: "Castle", size: 20, periodic: false),
        Run(name: "Circuit", subset: "Turnless", size: 24, periodic: true),
        Run(name: "Knots", subset: "Standard", size: 24, periodic: true),
        Run(name: "Knots", subset: "Dense", size: 24, periodic: true),
        Run(name: "Knots", subset: "Crossless", size: 24, periodic: false),
        Run(name: "Knots", subset: "TE", size: 24, periodic: false),
        Run(name: "Knots", subset: "T", size: 24, periodic: false),
        Run(name: "Knots", subset: "CL", size: 24, periodic: false),
        Run(name: "Knots", subset: "CE", size: 24, periodic: true),
        Run(name: "Knots", subset: "C", size: 24, periodic: true),
        Run(name: "Knots", subset: "Fabric", size: 24, periodic: true),
        Run(name: "Knots", subset: "Dense Fabric", size: 24, periodic: true),
    ]

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"), arguments: runs)
    func everyAdjacencyIsAllowed(run: Run) throws {
        let tileset = try TilesetDescription.load(from: "\(SharedSamples.folder)/\(run.name)/data.xml")
        let rules = try TiledRules(tileset, subset: run.subset)
        let solver = try WFCSolver(
            rules: rules, width: run.size, height: run.size, options: WFCOptions(periodic: run.periodic))
        for seed in 0..<4 {
            let variants = try solver.solve(seed: Seed(UInt64(seed))).get()
            #expect(adjacenciesAreAllowed(variants, rules: rules, periodic: run.periodic), "\(run) seed \(seed)")
        }
    }

    @Test(.enabled(if: SharedSamples.isAvailable, "\(SharedSamples.absentMessage)"))
    func variantsFollowTheSymmetryLetters() throws {
        let tileset = try TilesetDescription.load(from: "\(SharedSamples.folder)/Knots/data.xml")
        let rules = try TiledRules(tileset)
        // corner L (4) + cross I (2) + empty X (1) + line I (2) + t T (4)
        #expect(rules.patternCount == 13)
        #expect(rules.variantName(1) == "corner 1")
        #expect(rules.variants(ofTile: "t") == [9, 10, 11, 12])
        let images = try rules.loadImages(folder: "\(SharedSamples.folder)/Knots")
        #expect(images.count == 13)
        // A quarter turn of the corner image is the image of the next corner variant.
        #expect(images[0].turnedCounterClockwise() == images[1])
        #expect(images[0].turnedCounterClockwise().turnedCounterClockwise() == images[2])
    }

    @Test func tiledOutputsAreGoldenForFixedSeeds() throws {
        let rules = try TiledRules(Self.pipes)
        let solver = try WFCSolver(rules: rules, width: 12, height: 6, options: WFCOptions(periodic: false))
        let variants = try solver.solve(seed: Seed(42)).get()
        #expect(adjacenciesAreAllowed(variants, rules: rules, periodic: false))
        var hasher = StableHasher()
        hasher.combine(variants.cells)
        #expect(hasher.finalize() == 10_156_003_873_634_579_688)
        let expected = """
            ──┘│·└┘·····
            ─┐·│┌──┐····
            ─┘┌┘└──┘···┌
            ··│····┌─┐┌┘
            ··│┌───┘┌┘│·
            ··└┘┌──┐│·│┌

            """
        #expect(Self.ascii(variants, rules: rules) == expected)
    }

    /// A small pipe tileset written in Loom's JSON format: `line` runs left-right, `corner`
    /// joins left and down; a pair is allowed when the pipes meet.
    static let pipes: TilesetDescription = {
        let json = """
            {
              "tiles": [
                { "name": "empty", "symmetry": "X", "weight": 4 },
                { "name": "line", "symmetry": "I", "weight": 2 },
                { "name": "corner", "symmetry": "L" }
              ],
              "neighbors": [
                { "left": "line", "right": "line" },
                { "left": "line", "right": "corner 0" },
                { "left": "line", "right": "corner 3" },
                { "left": "corner 1", "right": "line" },
                { "left": "corner 1", "right": "corner 0" },
                { "left": "corner 1", "right": "corner 3" },
                { "left": "corner 2", "right": "line" },
                { "left": "corner 2", "right": "corner 0" },
                { "left": "corner 2", "right": "corner 3" },
                { "left": "empty", "right": "empty" },
                { "left": "empty", "right": "line 1" },
                { "left": "empty", "right": "corner 1" },
                { "left": "empty", "right": "corner 2" },
                { "left": "line 1", "right": "empty" },
                { "left": "line 1", "right": "line 1" },
                { "left": "line 1", "right": "corner 1" },
                { "left": "line 1", "right": "corner 2" },
                { "left": "corner 0", "right": "empty" },
                { "left": "corner 0", "right": "line 1" },
                { "left": "corner 0", "right": "corner 1" },
                { "left": "corner 0", "right": "corner 2" },
                { "left": "corner 3", "right": "empty" },
                { "left": "corner 3", "right": "line 1" },
                { "left": "corner 3", "right": "corner 1" },
                { "left": "corner 3", "right": "corner 2" }
              ],
              "subsets": { "straight": ["empty", "line"] }
            }
            """
        return try! TilesetDescription.parseJSON(Data(json.utf8), file: "pipes.json")
    }()

    /// The pipes with an `end` cap (variant 0 open downwards), so any edge can be closed off.
    static let pipesWithEnds: TilesetDescription = {
        let json = """
            {
              "tiles": [
                { "name": "empty", "symmetry": "X", "weight": 4 },
                { "name": "line", "symmetry": "I", "weight": 2 },
                { "name": "corner", "symmetry": "L" },
                { "name": "end", "symmetry": "T", "weight": 0.5 }
              ],
              "neighbors": [
                { "left": "line", "right": "line" },
                { "left": "line", "right": "corner 0" },
                { "left": "line", "right": "corner 3" },
                { "left": "line", "right": "end 3" },
                { "left": "corner 1", "right": "line" },
                { "left": "corner 1", "right": "corner 0" },
                { "left": "corner 1", "right": "corner 3" },
                { "left": "corner 1", "right": "end 3" },
                { "left": "corner 2", "right": "line" },
                { "left": "corner 2", "right": "corner 0" },
                { "left": "corner 2", "right": "corner 3" },
                { "left": "corner 2", "right": "end 3" },
                { "left": "end 1", "right": "line" },
                { "left": "end 1", "right": "corner 0" },
                { "left": "end 1", "right": "corner 3" },
                { "left": "end 1", "right": "end 3" },
                { "left": "empty", "right": "empty" },
                { "left": "empty", "right": "line 1" },
                { "left": "empty", "right": "corner 1" },
                { "left": "empty", "right": "corner 2" },
                { "left": "empty", "right": "end 0" },
                { "left": "empty", "right": "end 1" },
                { "left": "empty", "right": "end 2" },
                { "left": "line 1", "right": "empty" },
                { "left": "line 1", "right": "line 1" },
                { "left": "line 1", "right": "corner 1" },
                { "left": "line 1", "right": "corner 2" },
                { "left": "line 1", "right": "end 0" },
                { "left": "line 1", "right": "end 1" },
                { "left": "line 1", "right": "end 2" },
                { "left": "corner 0", "right": "empty" },
                { "left": "corner 0", "right": "line 1" },
                { "left": "corner 0", "right": "corner 1" },
                { "left": "corner 0", "right": "corner 2" },
                { "left": "corner 0", "right": "end 0" },
                { "left": "corner 0", "right": "end 1" },
                { "left": "corner 0", "right": "end 2" },
                { "left": "corner 3", "right": "empty" },
                { "left": "corner 3", "right": "line 1" },
                { "left": "corner 3", "right": "corner 1" },
                { "left": "corner 3", "right": "corner 2" },
                { "left": "corner 3", "right": "end 0" },
                { "left": "corner 3", "right": "end 1" },
                { "left": "corner 3", "right": "end 2" },
                { "left": "end 0", "right": "empty" },
                { "left": "end 0", "right": "line 1" },
                { "left": "end 0", "right": "corner 1" },
                { "left": "end 0", "right": "corner 2" },
                { "left": "end 0", "right": "end 0" },
                { "left": "end 0", "right": "end 1" },
                { "left": "end 0", "right": "end 2" },
                { "left": "end 2", "right": "empty" },
                { "left": "end 2", "right": "line 1" },
                { "left": "end 2", "right": "corner 1" },
                { "left": "end 2", "right": "corner 2" },
                { "left": "end 2", "right": "end 0" },
                { "left": "end 2", "right": "end 1" },
                { "left": "end 2", "right": "end 2" },
                { "left": "end 3", "right": "empty" },
                { "left": "end 3", "right": "line 1" },
                { "left": "end 3", "right": "corner 1" },
                { "left": "end 3", "right": "corner 2" },
                { "left": "end 3", "right": "end 0" },
                { "left": "end 3", "right": "end 1" },
                { "left": "end 3", "right": "end 2" }
              ],
              "subsets": { "straight": ["empty", "line"] }
            }
            """
        return try! TilesetDescription.parseJSON(Data(json.utf8), file: "pipes-with-ends.json")
    }()

    static func ascii(_ variants: Grid<Int>, rules: TiledRules) -> String {
        let glyphs: [String: Character] = [
            "empty": "·", "line": "─", "line 1": "│", "corner": "┐", "corner 1": "┌", "corner 2": "└", "corner 3": "┘",
            "end": "╷", "end 1": "╶", "end 2": "╵", "end 3": "╴",
        ]
        var text = ""
        for y in 0..<variants.height {
            for x in 0..<variants.width { text.append(glyphs[rules.variantName(variants[x, y])] ?? "?") }
            text.append("\n")
        }
        return text
    }
}

@Suite struct TileImageTests {
    @Test func uniqueTilesetsLoadOneImagePerVariant() throws {
        let folder = NSTemporaryDirectory() + "loom-unique-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let xml = """
            <set size="2" unique="True">
              <tiles>
                <tile name="a" symmetry="X"/>
                <tile name="b" symmetry="I" weight="2"/>
              </tiles>
              <neighbors>
                <neighbor left="a" right="a"/>
                <neighbor left="a" right="b 1"/>
              </neighbors>
            </set>
            """
        try xml.write(toFile: folder + "/data.xml", atomically: true, encoding: .utf8)
        let shades: [(String, UInt8)] = [("a 0", 10), ("b 0", 120), ("b 1", 240)]
        for (name, shade) in shades {
            try RGBAImage(width: 2, height: 2, fill: RGBA(shade, shade, shade)).export(to: "\(folder)/\(name).png")
        }
        let tileset = try TilesetDescription.load(from: folder + "/data.xml")
        #expect(tileset.unique)
        #expect(tileset.tileSize == 2)
        let rules = try TiledRules(tileset)
        let images = try rules.loadImages(folder: folder, unique: true)
        #expect(images.map { $0[0, 0].r } == [10, 120, 240])
        let variants = try WFCSolver(rules: rules, width: 5, height: 3).solve(seed: Seed(2)).get()
        let picture = rules.render(variants, images: images)
        #expect(picture.width == 10 && picture.height == 6)
        #expect(picture[2 * 2, 2 * 1] == images[variants[2, 1]][0, 0])
        let map = try rules.tileMap(variants, images: images)
        #expect(map.tileset.tile(id: 1)?.name == "b")
        #expect(map.tileset.tile(id: 2)?.color == RGBA(240, 240, 240))
        #expect(throws: LoomError.self) { try rules.loadImages(folder: folder + "/missing", unique: true) }
    }
}
