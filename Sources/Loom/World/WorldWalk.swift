import LoomCore
import LoomMaps

/// A scripted playthrough: cells or places the player enters, one per line, with the option
/// numbers to pick whenever the story offers options.
///
/// The text format has one step per line: `X Y` enters a cell, anything else enters the place
/// (annotation) of that name, or with that `role` property; blank lines and lines starting with `#` are ignored.
///
/// ```
/// # walk.txt
/// entrance
/// Chapel
/// 12 7
/// ```
public struct WorldWalk: Hashable, Sendable {
    /// One step of a walk.
    public enum Step: Hashable, Sendable {
        /// Enter a cell.
        case cell(Point)
        /// Enter the first cell of the place with this name.
        case place(String)
    }

    /// The steps, in order.
    public var steps: [Step]

    /// A walk of `steps`.
    public init(steps: [Step] = []) { self.steps = steps }

    /// Parses the text format.
    public static func parse(_ text: String) -> WorldWalk {
        var steps: [Step] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let words = trimmed.split(separator: " ")
            if words.count == 2, let x = Int(words[0]), let y = Int(words[1]) {
                steps.append(.cell(Point(x: x, y: y)))
            } else {
                steps.append(.place(trimmed))
            }
        }
        return WorldWalk(steps: steps)
    }
}

extension WorldSession {
    /// Plays the start node, then each step of `walk`, picking `choices` (1-based) in order
    /// whenever options wait; stops choosing when the choices run out. Returns the transcript.
    ///
    /// A session that has started already (one that ``load(_:)`` restored) continues instead:
    /// it picks from `choices` for the options waiting, then walks on from step
    /// ``WorldPlayer/steps`` of `walk`, so a save taken when the choices ran out continues
    /// the same walk with the rest of the choices.
    ///
    /// With `stopsWhenChoicesRunOut`, the walk stops at the first options the choices do not
    /// answer (by default it walks on): a save taken then continues exactly where the
    /// playthrough stopped, as `loom play WORLD --save F` does.
    @discardableResult
    public func play(
        walk: WorldWalk = WorldWalk(), choices: [Int], stopsWhenChoicesRunOut: Bool = false
    ) throws
        -> [String]
    {
        var queue = choices[...]
        func chooseWhileWaiting() throws {
            while !options.isEmpty, let next = queue.popFirst() {
                try choose(next - 1)
            }
        }
        if !hasStarted { try start() }
        try chooseWhileWaiting()
        for step in walk.steps.dropFirst(player.steps) {
            if stopsWhenChoicesRunOut, !options.isEmpty { break }
            try enter(step)
            try chooseWhileWaiting()
        }
        return transcript
    }

    /// Enters the cell of one walk step (a place's centre, or its first point).
    /// Returns the node started, if any.
    @discardableResult
    public func enter(_ step: WorldWalk.Step) throws -> String? {
        switch step {
        case .cell(let cell):
            return try enter(cell)
        case .place(let name):
            let place =
                map.annotations.first { $0.name == name }
                ?? map.annotations.first { $0.properties["role"] == .string(name) }
            guard let place else {
                throw LoomError(.invalidArgument, "the walk names '\(name)', but the map has no such place")
            }
            guard let cell = place.rect.map({ $0.center }) ?? place.points.first else {
                throw LoomError(.invalidArgument, "place '\(name)' has no cells")
            }
            return try enter(cell)
        }
    }
}
