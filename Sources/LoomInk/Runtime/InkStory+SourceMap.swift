import LoomCore

extension InkStory {
    /// The source position of the object at `index` in `container`: the last source mark at or
    /// before it, else the container's place in its parent, and so on up the tree. `nil` in a
    /// story read from JSON, which carries no source positions.
    func sourceLocation(in container: InkContainer, at index: Int) -> SourceLocation? {
        var current: InkContainer? = container
        var position = index
        while let scope = current {
            if let mark = scope.sourceMarks.last(where: { $0.index <= position }) { return mark.location }
            // A container reached only by name (a choice's body, a gather) sits after the
            // content its parent wrote before it.
            position = scope.indexInParent >= 0 ? scope.indexInParent : Int.max
            current = scope.parent
        }
        return nil
    }

    /// What a runtime error at `pointer` says about its place: the source line and column for a
    /// story compiled from source (`story.ink:12:5`), else the story's file and, in `path`, the
    /// content path (`knot.0.c-1`, index 3).
    func errorSite(_ pointer: InkPointer) -> (location: SourceLocation, path: String?) {
        guard let container = pointer.container else { return (SourceLocation(file: file), nil) }
        let index = Swift.max(pointer.index, 0)
        if let location = sourceLocation(in: container, at: index) { return (location, nil) }
        let path = container.path.isEmpty ? "\(index)" : "\(container.path).\(index)"
        return (SourceLocation(file: file), path)
    }
}
