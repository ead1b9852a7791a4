import LoomCore

extension StoryRunner {
    /// A snapshot of everything that changes while playing; valid at any point between events.
    public func saveState() -> StoryState {
        var state = StoryState()
        state.variables = storage.allValues()
        for (index, count) in visits.enumerated() where count > 0 { state.visitCounts[story.nodes[index].name] = count }
        for (key, count) in views { state.saliencyViews[story.strings[key]] = count }
        state.saliencyStrategy = saliencyStrategy
        state.random = [random.state.0, random.state.1, random.state.2, random.state.3]
        state.frames = frames.map {
            StoryState.Frame(node: story.nodes[$0.node].name, offset: $0.pc - story.nodes[$0.node].entry)
        }
        state.phase = phase
        state.pendingEvents = pendingEvents
        let topEntry = frames.last.map { story.nodes[$0.node].entry } ?? 0
        state.options = options.map {
            var option = $0
            option.destination -= topEntry
            return option
        }
        state.generatedText = generatedText
        state.recentLines = recentLines
        state.lineHistory = lineHistory
        return state
    }

    /// Restores a snapshot taken from a runner of the same story.
    ///
    /// Throws when the state's version is unsupported or it names nodes or positions this story
    /// does not have; the runner is unchanged then.
    public func load(_ state: StoryState) throws {
        guard state.version <= StoryState.formatVersion, state.version >= StoryState.oldestLoadableVersion else {
            throw LoomError(
                .format,
                "the story save has format version \(state.version); this build reads \(StoryState.oldestLoadableVersion)...\(StoryState.formatVersion)"
            )
        }
        var newFrames: [(node: Int, pc: Int)] = []
        for frame in state.frames {
            guard let node = story.node(named: frame.node) else {
                throw LoomError(.format, "the story save refers to a node '\(frame.node)' this story does not have")
            }
            let pc = story.nodes[node].entry + frame.offset
            guard frame.offset >= 0, pc < story.code.count else {
                throw LoomError(.format, "the story save has a position outside the node '\(frame.node)'")
            }
            newFrames.append((node, pc))
        }
        let topEntry = newFrames.last.map { story.nodes[$0.node].entry } ?? 0
        var newOptions: [StoryOption] = []
        for var option in state.options {
            option.destination += topEntry
            guard option.destination >= 0, option.destination < story.code.count else {
                throw LoomError(.format, "the story save has an option leading outside the story")
            }
            newOptions.append(option)
        }
        if state.phase == .waitingForOption && newOptions.isEmpty
            || state.phase == .running && newFrames.isEmpty && state.pendingEvents.isEmpty
        {
            throw LoomError(.format, "the story save is inconsistent: phase '\(state.phase.rawValue)' with no position")
        }
        guard state.random.count == 4 else {
            throw LoomError(.format, "the story save's random state must have 4 words")
        }
        storage.replaceAll(with: state.variables)
        visits = story.nodes.map { state.visitCounts[$0.name] ?? 0 }
        views = [:]
        for (key, count) in state.saliencyViews {
            if let index = stringIndex[key] { views[index] = count }
        }
        saliencyStrategy = state.saliencyStrategy
        random = Xoshiro256StarStar(state: (state.random[0], state.random[1], state.random[2], state.random[3]))
        frames = newFrames
        phase = state.phase
        pendingEvents = state.pendingEvents
        options = newOptions
        stack = []
        candidates = []
        var migrated = state
        migrated.migrate()
        generatedText = migrated.generatedText
        lineHistory = migrated.lineHistory
        recentLines = Array(state.recentLines.suffix(Swift.max(0, recentLineLimit)))
    }

    /// Forgets visits, saliency memory and variables (keeping the random state), as between plays.
    public func resetProgress() {
        storage.replaceAll(with: [:])
        visits = Array(repeating: 0, count: story.nodes.count)
        views = [:]
        recentLines = []
    }
}
