import LoomCore
import LoomImage

/// One frame, back to front: map, player marker, panels, HUD, hover box, graph view, errors.
extension PlaygroundSession {
    func draw() {
        let view = canvas.size
        canvas.clear(Theme.background)
        if let map {
            if needsFit {
                camera.fit(mapWidth: map.width, mapHeight: map.height, view: view)
                needsFit = false
            }
            mapRenderer.draw(map, visibility: layerVisibility, camera: camera, view: view)
            drawPlayer()
        }
        if showsPanels {
            drawLayerPanel()
            drawParameterPanel()
        }
        drawStoryPanel()
        if showsHUD { drawHUD() }
        if !showsStoryGraph { drawHoverBox() }
        if showsStoryGraph { drawStoryGraph() }
        drawErrorOverlay()
    }

    private func drawPlayer() {
        guard let player = playerCell else { return }
        var rect = camera.screenRect(Rect(x: player.x, y: player.y, width: 1, height: 1))
        if rect.width < 7 {
            let grow = (7 - rect.width + 1) / 2
            rect = rect.insetBy(dx: -grow, dy: -grow)
        }
        canvas.fill(rect.insetBy(dx: -1, dy: -1), .black)
        canvas.fill(rect, .white)
        canvas.fill(rect.insetBy(dx: 2, dy: 2), isPlayMode ? Theme.marker : Theme.dimText)
    }

    /// A dark box with `lines` in it, top-left at `(x, y)`, clamped inside the window.
    func drawTextBox(_ lines: [String], x: Int, y: Int, colors: [RGBA]? = nil, maxWidth: Int = 600) {
        guard !lines.isEmpty else { return }
        let view = canvas.size
        let width = min(maxWidth, (lines.map(\.count).max() ?? 0) * characterWidth) + 2 * Theme.padding
        let height = lines.count * lineHeight + 2 * Theme.padding
        let left = max(0, min(x, view.width - width)), top = max(0, min(y, view.height - height))
        canvas.fill(Rect(x: left, y: top, width: width, height: height), Theme.panel)
        for (i, line) in lines.enumerated() {
            text.draw(
                clipped(line, width: width - 2 * Theme.padding), x: left + Theme.padding,
                y: top + Theme.padding + i * lineHeight, color: colors?[i] ?? Theme.text)
        }
    }
}
