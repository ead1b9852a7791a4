import LoomCore
import LoomImage

/// The story graph view (`G`): nodes in columns by their distance from the start, links as
/// lines, the current node highlighted.
extension PlaygroundSession {
    func drawStoryGraph() {
        let view = canvas.size
        canvas.fill(Rect(x: 0, y: 0, width: view.width, height: view.height), RGBA(10, 12, 16, 235))
        guard let graph = content.story?.graph, !graph.nodes.isEmpty else {
            text.draw("No story graph (G closes)", x: Theme.margin * 2, y: Theme.margin * 2, color: Theme.text)
            return
        }
        text.draw(
            "Story graph: \(graph.nodes.count) nodes, \(graph.edges.count) links (G closes)", x: Theme.margin * 2,
            y: Theme.margin * 2, color: Theme.accent)
        let boxes = storyGraphBoxes(graph, view: view)
        for edge in graph.edges {
            let from = boxes[edge.from], to = boxes[edge.to]
            canvas.line(
                from: Point(x: from.maxX, y: from.y + from.height / 2), to: Point(x: to.minX, y: to.y + to.height / 2),
                Theme.graphEdge)
        }
        for (i, box) in boxes.enumerated() {
            let current = graph.current == i
            canvas.fill(box, current ? Theme.accent : Theme.graphNode)
            canvas.outline(box, current ? .white : Theme.graphEdge)
            text.draw(
                clipped(graph.nodes[i], width: box.width - 2 * Theme.padding), x: box.x + Theme.padding,
                y: box.y + (box.height - lineHeight) / 2, color: current ? .black : Theme.text)
        }
    }

    /// One box per node: columns by depth, rows by order within the column.
    func storyGraphBoxes(_ graph: PreviewStoryGraph, view: Size) -> [Rect] {
        let depths = graph.depths
        let columns = (depths.max() ?? 0) + 1
        var rowOf = [Int](repeating: 0, count: depths.count)
        var rowsIn = [Int](repeating: 0, count: columns)
        for (node, depth) in depths.enumerated() {
            rowOf[node] = rowsIn[depth]
            rowsIn[depth] += 1
        }
        let top = Theme.margin * 2 + lineHeight * 2
        let columnWidth = max(24, (view.width - 2 * Theme.margin) / columns)
        let rowHeight = max(6, min(lineHeight + 14, (view.height - top - Theme.margin) / max(1, rowsIn.max() ?? 1)))
        let boxWidth = max(16, min(columnWidth - 24, 220))
        return depths.indices.map { node in
            Rect(
                x: Theme.margin + depths[node] * columnWidth, y: top + rowOf[node] * rowHeight, width: boxWidth,
                height: max(4, rowHeight - 6))
        }
    }
}
