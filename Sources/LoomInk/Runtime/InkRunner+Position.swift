import LoomCore

/// Where the story is and where it has been, for hosts that follow the story by its knots
/// (a game world starting a knot when the player enters a place).
extension InkRunner {
    /// How many times the knot, stitch or labelled gather at `path` (`knot`, `knot.stitch`) was
    /// entered, or `nil` when the story has nothing at that path.
    ///
    /// Only containers that count visits are counted: every knot and stitch of a story
    /// ``InkCompiler`` compiled, and those a story compiled elsewhere reads the count of
    /// (inklecate counts all of them with its `-c` option); others stay 0.
    public func visitCount(atPath path: String) -> Int? {
        guard let container = story.container(atPath: path) else { return nil }
        return engine.state.visitCounts[container.id]
    }

    /// The place of the external function call that is running now, or `nil` outside an
    /// external function.
    public var currentCallSite: InkCallSite? { callSiteBox.current }

    /// How many choices the player has made (what `TURNS()` returns); restored by a load.
    public var turns: Int { engine.state.currentTurnIndex + 1 }

    /// The top-level knots the story entered during the last ``continue()``, ``choose(_:)`` or
    /// ``choosePath(_:)``, in order, knots passed through without a line included (a divert,
    /// tunnel or thread into a knot enters it; a function call does not).
    public var knotsEntered: [String] {
        engine.state.enteredKnots.map { story.containers[$0].path }
    }

    /// The top-level knot (or function) the story is in: where the next ``continue()`` starts,
    /// or, once the flow has stopped at choices or the end, the knot it stopped in. `nil` at
    /// the story's top level, outside every knot.
    public var currentKnot: String? {
        let state = engine.state
        let pointer = state.currentPointer.isNull ? state.previousPointer : state.currentPointer
        guard let path = pointer.container?.path, !path.isEmpty else { return nil }
        let first = String(path.prefix { $0 != "." })
        guard first != "global decl", story.root.namedChildren[first] != nil else { return nil }
        return first
    }
}

extension InkStory {
    /// Every call of an `EXTERNAL` function in the story, in story order: its name, the
    /// number of arguments of the call, and the path of the container that makes it.
    public var externalCalls: [(name: String, arguments: Int, path: String)] {
        var calls: [(name: String, arguments: Int, path: String)] = []
        for container in containers {
            for case .divert(let divert) in container.content {
                guard let name = divert.externalName else { continue }
                calls.append((name, divert.externalArguments, container.path))
            }
        }
        return calls
    }

    /// Whether the story defines a knot or function called `name` (the fallback of an
    /// `EXTERNAL` of that name).
    public func definesFunction(named name: String) -> Bool {
        name != "global decl" && root.namedChildren[name] != nil
    }
}
