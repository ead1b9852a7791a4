/// What a read outside a grid's bounds sees.
public enum EdgeMode: String, Sendable, Codable, CaseIterable {
    /// Coordinates are clamped to the nearest edge cell.
    case clamp
    /// Coordinates wrap around, as on a torus (tileable maps).
    case wrap
}
