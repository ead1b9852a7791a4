import LoomCore
import LoomImage

/// The heads-up display, hover box, side panels, story panel and error overlay.
extension PlaygroundSession {
    func drawHUD() {
        var lines = ["\(content.name)  seed \(seed)" + (isGenerating ? "  (generating)" : "")]
        if let fixed = options.fixedFrameTime {
            lines.append("frame \(frame)  fps \(Int((1 / fixed).rounded())) (fixed)")
        } else {
            let fps = smoothedFrameSeconds.map { String(Int((1 / max($0, 1e-6)).rounded())) } ?? "-"
            let generation = lastGenerationSeconds.map { String(format: "%.1f ms", $0 * 1000) } ?? "-"
            lines.append("fps \(fps)  gen \(generation)")
        }
        lines.append("\(isPlayMode ? "play" : "camera") mode  zoom \(String(format: "%.2f", camera.zoom))")
        if let statusMessage { lines.append(statusMessage) }
        drawTextBox(lines, x: Theme.margin, y: Theme.margin, maxWidth: Theme.panelWidth * 2)
    }

    func drawHoverBox() {
        guard let mouse, let map, drag == nil, !isOverPanel(mouse) else { return }
        let cell = camera.cell(screenX: mouse.x, screenY: mouse.y)
        guard cell.x >= 0, cell.y >= 0, cell.x < map.width, cell.y < map.height else { return }
        let lines = ["cell \(cell.x), \(cell.y)" + (map.isWalkable(cell) ? "" : "  (blocked)")] + map.hoverInfo(cell)
        drawTextBox(lines, x: mouse.x + 16, y: mouse.y + 16, maxWidth: 420)
    }

    func drawLayerPanel() {
        guard let map else { return }
        canvas.fill(layerPanelRect, Theme.panel)
        let panel = layerPanelRect
        text.draw("Layers (1-9, F1-F9)", x: panel.x + Theme.padding, y: panel.y + Theme.padding, color: Theme.accent)
        for (i, row) in layerRowRects().enumerated() {
            let on = layerVisibility[i]
            let label = "\(on ? "[x]" : "[ ]") \(i + 1) \(map.layers[i].name)"
            text.draw(
                clipped(label, width: row.width - 2 * Theme.padding), x: row.x + Theme.padding, y: row.y,
                color: on ? Theme.text : Theme.dimText)
        }
    }

    func drawParameterPanel() {
        let parameters = content.parameters
        guard !parameters.isEmpty else { return }
        let panel = parameterPanelRect
        canvas.fill(panel, Theme.panel)
        text.draw("Parameters ([ ] , .)", x: panel.x + Theme.padding, y: panel.y + Theme.padding, color: Theme.accent)
        for ((i, row), bar) in zip(parameterRowRects().enumerated(), parameterBarRects()) {
            let parameter = parameters[i]
            let value = parameterValues.value(of: parameter)
            let label = "\(parameter.name) \(parameter.format(value))"
            text.draw(
                clipped(label, width: row.width - 2 * Theme.padding), x: row.x + Theme.padding, y: row.y,
                color: i == selectedParameter ? Theme.accent : Theme.text)
            canvas.fill(bar, Theme.barTrack)
            let range = parameter.range
            let span = range.upperBound - range.lowerBound
            let fraction = span > 0 ? (value - range.lowerBound) / span : 1
            canvas.fill(
                Rect(x: bar.x, y: bar.y, width: Int(Double(bar.width) * fraction), height: bar.height), Theme.barFill)
        }
    }

    func drawStoryPanel() {
        guard let panel = storyPanelRect, let story = content.story else { return }
        canvas.fill(panel, Theme.panel)
        let width = panel.width - 2 * Theme.padding
        for (i, line) in storyDisplayLines().enumerated() {
            text.draw(
                clipped(line, width: width), x: panel.x + Theme.padding, y: panel.y + Theme.padding + i * lineHeight,
                color: Theme.text)
        }
        for (i, (option, row)) in zip(story.options, storyOptionRects()).enumerated() {
            text.draw(
                clipped("\(i + 1). \(option.text)", width: width), x: row.x + Theme.padding, y: row.y,
                color: option.isAvailable ? Theme.accent : Theme.dimText)
        }
        if let row = storyTextRow {
            let y = panel.y + Theme.padding + (storyLineCount + story.options.count) * lineHeight
            text.draw(
                clipped(row, width: width), x: panel.x + Theme.padding, y: y,
                color: typedText == nil ? Theme.dimText : Theme.text)
        }
    }

    func drawErrorOverlay() {
        guard let message = errorMessage else { return }
        let view = canvas.size
        let width = min(view.width - 2 * Theme.margin, 900)
        let columns = max(8, (width - 2 * Theme.padding) / characterWidth)
        var lines: [String] = []
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            repeat {
                lines.append(String(rest.prefix(columns)))
                rest = rest.dropFirst(columns)
            } while !rest.isEmpty
        }
        lines = Array(lines.prefix(12))
        let height = (lines.count + 1) * lineHeight + 2 * Theme.padding
        let box = Rect(x: (view.width - width) / 2, y: view.height / 4, width: width, height: height)
        canvas.fill(box, Theme.errorFill)
        canvas.outline(box, Theme.errorBorder, thickness: 2)
        text.draw(
            "Error - the last good map stays", x: box.x + Theme.padding, y: box.y + Theme.padding, color: Theme.accent)
        for (i, line) in lines.enumerated() {
            text.draw(line, x: box.x + Theme.padding, y: box.y + Theme.padding + (i + 1) * lineHeight, color: .white)
        }
    }
}
