import LoomCore

/// Where the map sits in the window: the map cell at the window's top-left corner and the
/// size of a cell in screen pixels.
struct Camera: Equatable {
    /// Map x (in cells, fractional) at the window's left edge.
    var originX: Double = 0
    /// Map y (in cells, fractional) at the window's top edge.
    var originY: Double = 0
    /// Screen pixels per cell.
    var zoom: Double = 4

    static let zoomRange: ClosedRange<Double> = 1.0 / 32...256
    /// How much one wheel step or `+`/`-` press zooms.
    static let zoomStep = 1.25

    /// The map point under a screen pixel.
    func cellPosition(screenX: Int, screenY: Int) -> (x: Double, y: Double) {
        (originX + Double(screenX) / zoom, originY + Double(screenY) / zoom)
    }

    /// The cell under a screen pixel (may lie outside the map).
    func cell(screenX: Int, screenY: Int) -> Point {
        let p = cellPosition(screenX: screenX, screenY: screenY)
        return Point(x: Int(p.x.rounded(.down)), y: Int(p.y.rounded(.down)))
    }

    /// The screen x of a cell column's left edge (rounded so neighbouring cells share edges).
    func screenX(_ cellX: Double) -> Int { Int(((cellX - originX) * zoom).rounded(.down)) }

    /// The screen y of a cell row's top edge.
    func screenY(_ cellY: Double) -> Int { Int(((cellY - originY) * zoom).rounded(.down)) }

    /// The screen rectangle covering the cells of `rect`.
    func screenRect(_ rect: Rect) -> Rect {
        let x0 = screenX(Double(rect.minX)), y0 = screenY(Double(rect.minY))
        let x1 = screenX(Double(rect.maxX)), y1 = screenY(Double(rect.maxY))
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The cells of a `mapWidth × mapHeight` map that a `view`-sized window shows (clipped).
    func visibleCells(mapWidth: Int, mapHeight: Int, view: Size) -> Rect? {
        let x0 = Int(originX.rounded(.down)), y0 = Int(originY.rounded(.down))
        let x1 = Int((originX + Double(view.width) / zoom).rounded(.up))
        let y1 = Int((originY + Double(view.height) / zoom).rounded(.up))
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            .intersection(Rect(x: 0, y: 0, width: mapWidth, height: mapHeight))
    }

    /// Moves the view by screen pixels (dragging right moves the map right).
    mutating func pan(dx: Double, dy: Double) {
        originX -= dx / zoom
        originY -= dy / zoom
    }

    /// Multiplies the zoom by `factor`, keeping the map point under `(screenX, screenY)` fixed.
    mutating func zoom(by factor: Double, aroundX screenX: Int, y screenY: Int) {
        let anchor = cellPosition(screenX: screenX, screenY: screenY)
        zoom = min(max(zoom * factor, Camera.zoomRange.lowerBound), Camera.zoomRange.upperBound)
        originX = anchor.x - Double(screenX) / zoom
        originY = anchor.y - Double(screenY) / zoom
    }

    /// Shows the whole map, as large as fits, centred.
    mutating func fit(mapWidth: Int, mapHeight: Int, view: Size) {
        guard mapWidth > 0, mapHeight > 0, view.width > 0, view.height > 0 else { return }
        let fitted = min(Double(view.width) / Double(mapWidth), Double(view.height) / Double(mapHeight))
        zoom = min(max(fitted, Camera.zoomRange.lowerBound), Camera.zoomRange.upperBound)
        originX = (Double(mapWidth) - Double(view.width) / zoom) / 2
        originY = (Double(mapHeight) - Double(view.height) / zoom) / 2
    }

    /// Centres the view on the middle of `cell`.
    mutating func centre(on cell: Point, view: Size) {
        originX = Double(cell.x) + 0.5 - Double(view.width) / zoom / 2
        originY = Double(cell.y) + 0.5 - Double(view.height) / zoom / 2
    }
}
