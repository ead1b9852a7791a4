import LoomCore
import Testing

@testable import LoomPlayground

@Suite("Input scripts")
struct InputScriptTests {
    @Test("every event kind parses, sorted by frame")
    func parsesEvents() throws {
        let script = try InputScript.parse(
            """
            # a comment, then a blank line

            30 key 1
            12 key r
            20 click 100 200
            40 wheel -1
            45 drag 10 10 200 200
            46 move 5 6
            47 key F3
            48 key plus
            49 resize 640 480
            50 quit
            """, name: "input.txt")
        #expect(script.events.map(\.frame) == [12, 20, 20, 20, 30, 40, 45, 45, 45, 45, 46, 47, 48, 49, 50])
        #expect(script.events(on: 12) == [.key(.character("r"))])
        #expect(
            script.events(on: 20) == [.mouseMove(x: 100, y: 200), .mouseDown(x: 100, y: 200), .mouseUp(x: 100, y: 200)])
        #expect(script.events(on: 30) == [.key(.character("1"))])
        #expect(script.events(on: 40) == [.wheel(-1)])
        #expect(
            script.events(on: 45) == [
                .mouseMove(x: 10, y: 10), .mouseDown(x: 10, y: 10), .mouseMove(x: 200, y: 200),
                .mouseUp(x: 200, y: 200),
            ])
        #expect(script.events(on: 47) == [.key(.function(3))])
        #expect(script.events(on: 48) == [.key(.character("+"))])
        #expect(script.events(on: 49) == [.resize(width: 640, height: 480)])
        #expect(script.lastFrame == 50)
    }

    @Test(
        "bad lines are located errors",
        arguments: [
            ("1 key r\nx key r", "input.txt:2:1: error: expected a frame number (0 or more), found 'x'"),
            (
                "1 key r\n2 key r\n3 clack",
                "input.txt:3:3: error: unknown event 'clack'; expected key, click, move, drag, wheel, resize, type or quit"
            ),
            ("  7", "input.txt:1:4: error: expected an event after the frame number"),
            ("4 click 10", "input.txt:1:9: error: 'click' takes 2 numbers (x y), found 1"),
            ("4 click 10 y", "input.txt:1:12: error: expected a whole number, found 'y'"),
            ("4 key", "input.txt:1:3: error: 'key' takes one key name"),
            ("-1 key r", "input.txt:1:1: error: expected a frame number (0 or more), found '-1'"),
            ("5 resize 0 10", "input.txt:1:10: error: a window size must be positive"),
            ("5 drag 1 2 3 4 5", "input.txt:1:16: error: 'drag' takes 4 numbers (x1 y1 x2 y2), found 5"),
        ])
    func reportsErrors(text: String, expected: String) {
        #expect {
            _ = try InputScript.parse(text, name: "input.txt")
        } throws: { error in
            (error as? LoomError)?.description == expected
        }
    }

    @Test("unknown key names are errors naming the key")
    func unknownKey() throws {
        let error = try #require(throws: LoomError.self) { try InputScript.parse("3 key hyper", name: "in.txt") }
        #expect(error.location == SourceLocation(file: "in.txt", line: 1, column: 7))
        #expect(error.message.hasPrefix("unknown key 'hyper'"))
    }

    @Test("a missing script file is an error naming it")
    func missingFile() {
        #expect(throws: LoomError.self) { try InputScript.load(from: "/nonexistent/input.txt") }
    }
}

@Suite("Parameters and camera")
struct ParameterAndCameraTests {
    @Test("numbers clamp and snap to steps; choices format by name")
    func parameters() {
        let fill = PreviewParameter.number("fill", default: 45, range: 30...70, step: 5)
        #expect(fill.clamp(100) == 70)
        #expect(fill.clamp(12) == 30)
        #expect(fill.clamp(43) == 45)
        #expect(fill.format(45) == "45")
        let scale = PreviewParameter.number("scale", default: 0.5, range: 0...1, step: 0.05)
        #expect(scale.format(0.25) == "0.25")
        let palette = PreviewParameter.choice("palette", ["stone", "ice"], default: 1)
        #expect(palette.range == 0...1)
        #expect(palette.format(1) == "ice")
        #expect(PreviewParameterValues(defaults: [fill, palette]).values == ["fill": 45, "palette": 1])
    }

    @Test("zoom keeps the point under the mouse; fit shows the whole map")
    func camera() {
        var camera = Camera()
        camera.fit(mapWidth: 100, mapHeight: 50, view: Size(width: 400, height: 400))
        #expect(camera.zoom == 4)
        #expect(
            camera.visibleCells(mapWidth: 100, mapHeight: 50, view: Size(width: 400, height: 400))
                == Rect(x: 0, y: 0, width: 100, height: 50))
        let before = camera.cellPosition(screenX: 123, screenY: 77)
        camera.zoom(by: 2, aroundX: 123, y: 77)
        let after = camera.cellPosition(screenX: 123, screenY: 77)
        #expect(abs(before.x - after.x) < 1e-9 && abs(before.y - after.y) < 1e-9)
        #expect(camera.zoom == 8)
        let visible = camera.visibleCells(mapWidth: 100, mapHeight: 50, view: Size(width: 400, height: 400))!
        #expect(visible.width <= 51 && visible.height <= 50)
    }

    @Test("story graph columns follow link distance from the start")
    func graphDepths() {
        let graph = PreviewStoryGraph(
            nodes: ["a", "b", "c", "d", "lonely"],
            edges: [
                .init(from: 0, to: 1), .init(from: 1, to: 2), .init(from: 0, to: 2), .init(from: 2, to: 3),
                .init(from: 9, to: 0),
            ])
        #expect(graph.edges.count == 4)
        #expect(graph.depths == [0, 1, 1, 2, 0])
    }
}

@Suite("Story panel wrapping")
struct WrapTests {
    @Test(
        "lines wrap at spaces and split words longer than a row",
        arguments: [
            ("the cave is dark and cold", 10, ["the cave", "is dark", "and cold"]),
            ("short", 10, ["short"]),
            ("", 10, [""]),
            ("abcdefghijklmnop xy", 6, ["abcdef", "ghijkl", "mnop", "xy"]),
            ("a  b", 10, ["a  b"]),
        ])
    func wrap(text: String, columns: Int, expected: [String]) {
        #expect(PlaygroundSession.wrap(text, columns: columns) == expected)
    }
}
