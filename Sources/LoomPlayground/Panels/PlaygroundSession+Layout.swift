import LoomCore

/// Where each clickable row sits; drawing and clicks use the same rectangles.
extension PlaygroundSession {
    var lineHeight: Int { text.lineHeight }

    private var sidePanelX: Int { canvas.size.width - Theme.panelWidth - Theme.margin }

    /// The layer panel: a title line, then one row per layer.
    var layerPanelRect: Rect {
        let rows = map?.layers.count ?? 0
        return Rect(
            x: sidePanelX, y: Theme.margin, width: Theme.panelWidth, height: (rows + 1) * lineHeight + 2 * Theme.padding
        )
    }

    func layerRowRects() -> [Rect] {
        let panel = layerPanelRect
        return (0..<(map?.layers.count ?? 0)).map { i in
            Rect(x: panel.x, y: panel.y + Theme.padding + (i + 1) * lineHeight, width: panel.width, height: lineHeight)
        }
    }

    var parameterRowHeight: Int { lineHeight + 12 }

    /// The parameter panel, below the layer panel: a title line, then a row (text and bar) each.
    var parameterPanelRect: Rect {
        let count = content.parameters.count
        return Rect(
            x: sidePanelX, y: layerPanelRect.maxY + Theme.margin, width: Theme.panelWidth,
            height: count == 0 ? 0 : lineHeight + count * parameterRowHeight + 2 * Theme.padding)
    }

    func parameterRowRects() -> [Rect] {
        let panel = parameterPanelRect
        return content.parameters.indices.map { i in
            Rect(
                x: panel.x, y: panel.y + Theme.padding + lineHeight + i * parameterRowHeight, width: panel.width,
                height: parameterRowHeight)
        }
    }

    func parameterBarRects() -> [Rect] {
        parameterRowRects().map { row in
            Rect(x: row.x + Theme.padding, y: row.y + lineHeight + 1, width: row.width - 2 * Theme.padding, height: 8)
        }
    }

    /// The story panel along the bottom: the last few lines (wrapped), then one row per option.
    var storyPanelWidth: Int { min(canvas.size.width - 2 * Theme.margin, 960) }

    /// The story's last lines, wrapped at word boundaries to the panel's width: at most 5 rows.
    func storyDisplayLines() -> [String] {
        guard let story = content.story else { return [] }
        let columns = max(8, (storyPanelWidth - 2 * Theme.padding) / characterWidth)
        var rows: [String] = []
        for line in story.lines.suffix(5) { rows += PlaygroundSession.wrap(line, columns: columns) }
        return Array(rows.suffix(5))
    }

    var storyLineCount: Int { storyDisplayLines().count }

    /// The row under the options: the text box while typing, else the answer to the last typed
    /// text; `nil` (no row) otherwise.
    var storyTextRow: String? {
        if let typedText { return "> \(typedText)_" }
        guard let storyNote, content.story?.options.isEmpty == false else { return nil }
        return "(\(storyNote))"
    }

    var storyPanelRect: Rect? {
        guard let story = content.story, storyLineCount + story.options.count > 0 else { return nil }
        let size = canvas.size
        let width = storyPanelWidth
        let rows = storyLineCount + story.options.count + (storyTextRow == nil ? 0 : 1)
        let height = rows * lineHeight + 2 * Theme.padding
        return Rect(x: Theme.margin, y: size.height - Theme.margin - height, width: width, height: height)
    }

    func storyOptionRects() -> [Rect] {
        guard let panel = storyPanelRect, let story = content.story else { return [] }
        return story.options.indices.map { i in
            Rect(
                x: panel.x, y: panel.y + Theme.padding + (storyLineCount + i) * lineHeight, width: panel.width,
                height: lineHeight)
        }
    }

    /// Whether a screen point lies on a panel (and so does not hover the map).
    func isOverPanel(_ point: Point) -> Bool {
        if let story = storyPanelRect, story.contains(point) { return true }
        guard showsPanels else { return false }
        return layerPanelRect.contains(point) || parameterPanelRect.contains(point)
    }

    /// `text` broken into rows of at most `columns` characters, at spaces where possible.
    static func wrap(_ text: String, columns: Int) -> [String] {
        var rows: [String] = []
        var row = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(word)
            if !row.isEmpty && row.count + 1 + word.count > columns {
                rows.append(row)
                row = ""
            }
            while word.count > columns {
                if !row.isEmpty {
                    rows.append(row)
                    row = ""
                }
                rows.append(String(word.prefix(columns)))
                word = word.dropFirst(columns)
            }
            row += row.isEmpty ? String(word) : " " + word
        }
        rows.append(row)
        return rows
    }

    /// The width of one character (the fonts are monospaced).
    var characterWidth: Int { max(1, text.measure("M").width) }

    /// `string` cut to fit `width` pixels, ending in `~` when cut.
    func clipped(_ string: String, width: Int) -> String {
        let fits = max(1, width / characterWidth)
        guard string.count > fits else { return string }
        return String(string.prefix(max(0, fits - 1))) + "~"
    }
}
