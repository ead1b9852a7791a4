import LoomImage

/// Colours and spacing shared by the panels.
enum Theme {
    static let background = RGBA(28, 30, 36)
    static let panel = RGBA(16, 18, 24, 215)
    static let text = RGBA(232, 232, 232)
    static let dimText = RGBA(130, 130, 140)
    static let accent = RGBA(250, 196, 72)
    static let errorFill = RGBA(150, 24, 32, 235)
    static let errorBorder = RGBA(255, 96, 96)
    static let barTrack = RGBA(60, 64, 76)
    static let barFill = RGBA(90, 160, 240)
    static let graphNode = RGBA(52, 58, 72)
    static let graphEdge = RGBA(120, 130, 150)
    static let marker = RGBA(255, 64, 200)
    static let margin = 8
    static let padding = 6
    static let panelWidth = 300
}
