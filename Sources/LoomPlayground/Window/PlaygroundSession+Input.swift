import Foundation
import LoomCore

/// Keys and mouse: what each input does.
///
/// | input | camera mode | play mode |
/// |---|---|---|
/// | arrows | pan | move the player marker over walkable cells |
/// | W A S D | pan | pan |
/// | drag, wheel, `+` `=` `-`, `F` | pan, zoom, zoom, fit | same |
/// | `1`…`9` | choose a story option when offered, else toggle layer | same |
/// | `Enter` | open the story's text box when options are offered; type, then `Enter` sends (a number or words), `Esc` cancels | same |
/// | `F1`…`F9` | toggle layer | same |
/// | `R`, `Backspace` | new seed (`seed.derive("reseed")`), previous seed | same |
/// | `[` `]`, `,` `.` | change the selected parameter, select another | same |
/// | `Tab`, `G`, `H`, `L`, `P`, `F5`, `Esc` | play mode, story graph, HUD, panels, export PNG, reload, close graph or quit | same |
extension PlaygroundSession {
    func handle(_ input: PlaygroundInput) {
        if typedText != nil, handleTyping(input) { return }
        switch input {
        case .quit:
            wantsToQuit = true
        case .resize(let width, let height):
            canvas.setSize(width: width, height: height)
        case .key(let key):
            handle(key)
        case .wheel(let steps):
            let at = mouse ?? Point(x: canvas.size.width / 2, y: canvas.size.height / 2)
            camera.zoom(by: pow(Camera.zoomStep, Double(steps)), aroundX: at.x, y: at.y)
        case .mouseMove(let x, let y):
            mouse = Point(x: x, y: y)
            switch drag {
            case .camera(let lastX, let lastY):
                camera.pan(dx: Double(x - lastX), dy: Double(y - lastY))
                drag = .camera(lastX: x, lastY: y)
            case .parameter(let index):
                setParameter(index, fromScreenX: x)
            case nil:
                break
            }
        case .mouseDown(let x, let y):
            mouse = Point(x: x, y: y)
            click(x: x, y: y)
        case .mouseUp(let x, let y):
            mouse = Point(x: x, y: y)
            drag = nil
        case .text:
            break
        }
    }

    /// Input while the text box is open: text, Backspace, Enter and Esc go to the box (and
    /// nothing else sees them). Returns whether the input was used.
    private func handleTyping(_ input: PlaygroundInput) -> Bool {
        switch input {
        case .text(let typed):
            typedText? += typed
        case .key(.backspace):
            if typedText?.isEmpty == false { typedText?.removeLast() }
        case .key(.escape):
            typedText = nil
        case .key(.enter):
            let typed = typedText ?? ""
            typedText = nil
            submitTypedText(typed)
        case .key(.character):
            // Printable keys arrive again as text; they must not act as shortcuts meanwhile.
            break
        default:
            return false
        }
        return true
    }

    /// Sends typed text to the story: a number chooses that option, words choose the option
    /// they mean, or the panel says that none matches.
    func submitTypedText(_ typed: String) {
        let text = String(typed.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard !text.isEmpty, let story = content.story, !story.options.isEmpty else { return }
        if let number = Int(text) {
            storyNote = nil
            chooseStoryOption(number - 1)
            return
        }
        do {
            let choice = try story.select(matching: text)
            storyNote = choice.note
            actionError = nil
            if choice.update.contains(.map) { regenerate() }
        } catch {
            actionError = PlaygroundSession.describe(error)
        }
    }

    private func handle(_ key: PlaygroundKey) {
        let view = canvas.size
        let panStep = Double(max(view.width, view.height)) * 0.1
        switch key {
        case .up, .down, .left, .right:
            let step: Point =
                key == .up
                ? Point(x: 0, y: -1)
                : key == .down ? Point(x: 0, y: 1) : key == .left ? Point(x: -1, y: 0) : Point(x: 1, y: 0)
            if isPlayMode {
                movePlayer(by: step)
            } else {
                camera.pan(dx: -Double(step.x) * panStep, dy: -Double(step.y) * panStep)
            }
        case .tab:
            isPlayMode.toggle()
            if isPlayMode, let player = playerCell { keepInView(player) }
        case .backspace:
            if let previous = seedHistory.popLast() {
                seed = previous
                regenerate()
            }
        case .escape:
            if showsStoryGraph { showsStoryGraph = false } else { wantsToQuit = true }
        case .enter:
            if let story = content.story, !story.options.isEmpty { typedText = "" }
        case .function(let n):
            if n == 5 {
                reload()
            } else if n <= 9 {
                toggleLayer(n - 1)
            }
        case .character(let c):
            handle(character: c, panStep: panStep)
        }
    }

    private func handle(character c: Character, panStep: Double) {
        let view = canvas.size
        switch c {
        case "w": camera.pan(dx: 0, dy: panStep)
        case "s": camera.pan(dx: 0, dy: -panStep)
        case "a": camera.pan(dx: panStep, dy: 0)
        case "d": camera.pan(dx: -panStep, dy: 0)
        case "+", "=": camera.zoom(by: Camera.zoomStep, aroundX: view.width / 2, y: view.height / 2)
        case "-", "_": camera.zoom(by: 1 / Camera.zoomStep, aroundX: view.width / 2, y: view.height / 2)
        case "f": needsFit = true
        case "r":
            seedHistory.append(seed)
            seed = seed.derive("reseed")
            regenerate()
        case "g": showsStoryGraph.toggle()
        case "h": showsHUD.toggle()
        case "l": showsPanels.toggle()
        case "p": exportMap()
        case "[": changeParameter(selectedParameter, bySteps: -1)
        case "]": changeParameter(selectedParameter, bySteps: 1)
        case ",": selectParameter(by: -1)
        case ".": selectParameter(by: 1)
        case "1"..."9":
            let index = Int(String(c))! - 1
            if let story = content.story, !story.options.isEmpty {
                chooseStoryOption(index)
            } else {
                toggleLayer(index)
            }
        default:
            break
        }
    }

    private func click(x: Int, y: Int) {
        let point = Point(x: x, y: y)
        if showsStoryGraph { return }
        if let index = storyOptionRects().firstIndex(where: { $0.contains(point) }) {
            chooseStoryOption(index)
            return
        }
        if showsPanels {
            if let index = layerRowRects().firstIndex(where: { $0.contains(point) }) {
                toggleLayer(index)
                return
            }
            if let index = parameterRowRects().firstIndex(where: { $0.contains(point) }) {
                selectedParameter = index
                drag = .parameter(index)
                setParameter(index, fromScreenX: x)
                return
            }
        }
        drag = .camera(lastX: x, lastY: y)
    }

    func toggleLayer(_ index: Int) {
        guard layerVisibility.indices.contains(index) else { return }
        layerVisibility[index].toggle()
    }

    func movePlayer(by step: Point) {
        guard let map, let player = playerCell else { return }
        let target = player + step
        guard map.isWalkable(target) else { return }
        playerCell = target
        keepInView(target)
        let update = content.playerEntered(target, in: map)
        if update.contains(.map) { regenerate() }
    }

    /// Recentres on `cell` when it comes within a tenth of the window's edge.
    func keepInView(_ cell: Point) {
        let view = canvas.size
        let rect = camera.screenRect(Rect(x: cell.x, y: cell.y, width: 1, height: 1))
        let margin = min(view.width, view.height) / 10
        if rect.minX < margin || rect.minY < margin || rect.maxX > view.width - margin
            || rect.maxY > view.height - margin
        {
            camera.centre(on: cell, view: view)
        }
    }

    func chooseStoryOption(_ index: Int) {
        guard let story = content.story, story.options.indices.contains(index), story.options[index].isAvailable
        else { return }
        do {
            let update = try story.select(index)
            actionError = nil
            storyNote = nil
            if update.contains(.map) { regenerate() }
        } catch {
            actionError = PlaygroundSession.describe(error)
        }
    }
}
