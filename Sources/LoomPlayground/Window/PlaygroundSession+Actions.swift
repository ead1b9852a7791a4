import Foundation
import LoomCore
import LoomImage

/// Parameters, export and hot reload.
extension PlaygroundSession {
    func selectParameter(by offset: Int) {
        let count = content.parameters.count
        guard count > 0 else { return }
        selectedParameter = ((selectedParameter + offset) % count + count) % count
    }

    func changeParameter(_ index: Int, bySteps steps: Int) {
        let parameters = content.parameters
        guard parameters.indices.contains(index) else { return }
        let parameter = parameters[index]
        setParameter(index, to: parameterValues.value(of: parameter) + Double(steps) * parameter.step)
    }

    /// Sets parameter `index` to `value` (clamped and snapped) and regenerates when it changed.
    func setParameter(_ index: Int, to value: Double) {
        let parameters = content.parameters
        guard parameters.indices.contains(index) else { return }
        let parameter = parameters[index]
        let clamped = parameter.clamp(value)
        guard clamped != parameterValues.value(of: parameter) else { return }
        parameterValues.values[parameter.name] = clamped
        regenerate()
    }

    func setParameter(_ index: Int, fromScreenX x: Int) {
        let rows = parameterBarRects()
        let parameters = content.parameters
        guard rows.indices.contains(index), parameters.indices.contains(index) else { return }
        let bar = rows[index]
        let fraction = min(max(Double(x - bar.minX) / Double(max(1, bar.width - 1)), 0), 1)
        let range = parameters[index].range
        setParameter(index, to: range.lowerBound + fraction * (range.upperBound - range.lowerBound))
    }

    /// Writes the visible layers of the map, one pixel per cell, to `<name>-<seed>.png`.
    func exportMap() {
        guard let map, let mapSeed else { return }
        let path = URL(fileURLWithPath: options.exportDirectory)
            .appendingPathComponent("\(PlaygroundSession.fileSafe(content.name))-\(mapSeed).png").path
        do {
            try map.composite(visibility: layerVisibility).export(to: path)
            lastExport = path
            statusMessage = "saved \(path)"
            actionError = nil
        } catch {
            actionError = PlaygroundSession.describe(error)
        }
    }

    /// `name` with path separators and control characters replaced, so it names one file.
    static func fileSafe(_ name: String) -> String {
        let cleaned = String(name.map { $0 == "/" || $0 == "\\" || $0.isNewline || $0 == ":" ? "-" : $0 })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "map" + cleaned : cleaned
    }

    /// Reloads the content (no generation runs meanwhile); on success regenerates, on
    /// failure keeps the map and shows the error.
    func reload() {
        worker?.waitUntilIdle()
        if let result = worker?.take() { apply(result) }
        do {
            try content.reload()
            reloadError = nil
            let names = Set(content.parameters.map(\.name))
            var values = PreviewParameterValues(defaults: content.parameters)
            for (name, value) in parameterValues.values where names.contains(name) { values.values[name] = value }
            parameterValues = values
            selectedParameter = min(selectedParameter, max(0, content.parameters.count - 1))
            regenerate()
        } catch {
            reloadError = PlaygroundSession.describe(error)
        }
        watchedStamps = stamps()
    }

    /// Modification dates of the watched files (absent files are left out).
    func stamps() -> [String: Date] {
        var result: [String: Date] = [:]
        for path in content.watchedFiles {
            if let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
                result[path] = date
            }
        }
        return result
    }

    /// Reloads when a watched file changed: twice a second, or every 30 frames with a fixed
    /// frame time.
    func checkWatchedFiles() {
        guard !content.watchedFiles.isEmpty else { return }
        let now: Double
        if let fixed = options.fixedFrameTime {
            now = Double(frame) * fixed
        } else {
            let elapsed = ContinuousClock.now - PlaygroundSession.startInstant
            now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        guard now - lastWatchCheck >= 0.5 else { return }
        lastWatchCheck = now
        if stamps() != watchedStamps { reload() }
    }

    static let startInstant = ContinuousClock.now
}
