/// Where in a story an external function is being called: the knot or stitch, the call's
/// position among the external calls written in it, and how many times the story had entered
/// that knot or stitch before.
///
/// The three together name one call in one playthrough, the same after a save and load, and
/// unchanged by lines added in other knots, so a host function can derive a seed or a cache key
/// from them (as LoomStory's `StoryCallSite` does for Yarn).
public struct InkCallSite: Sendable, Hashable {
    /// The knot or stitch making the call (`knot` or `knot.stitch`; `""` for the story's top).
    public var path: String
    /// The call's position among the external calls in the knot or stitch, in story order.
    public var index: Int
    /// Earlier visits of the knot or stitch (0 on the first visit; always 0 when the story does
    /// not count its visits).
    public var visitCount: Int

    /// A call site with the given fields.
    public init(path: String, index: Int, visitCount: Int) {
        self.path = path
        self.index = index
        self.visitCount = visitCount
    }

    /// A compact key such as `harbour.dock@1#0` (path, index, visit count).
    public var key: String { "\(path)@\(index)#\(visitCount)" }
}

/// The call site of the external function running now (`nil` outside one).
final class InkCallSiteBox {
    var current: InkCallSite?
}

extension InkStory {
    /// Numbers each external call within its knot or stitch, in story order (containers are
    /// numbered depth first), for ``InkCallSite``.
    func numberExternalCalls() {
        var counts: [Int: Int] = [:]
        for container in containers {
            for case .divert(let divert) in container.content where divert.externalName != nil {
                var scope: InkContainer? = container
                while let current = scope, !current.isKnotOrStitch { scope = current.parent }
                let id = scope?.id ?? root.id
                divert.callScope = scope ?? root
                divert.callIndex = counts[id, default: 0]
                counts[id, default: 0] += 1
            }
        }
    }
}

extension InkContainer {
    /// Whether this is a knot, a function or a stitch: a top-level container, or a container
    /// only reachable by a name an author wrote inside one (the compiler's own names, such as
    /// `c-0` and `g-1`, have a `-`, which ink names cannot).
    var isKnotOrStitch: Bool {
        if isTopLevel { return true }
        guard let parent, parent.isTopLevel, indexInParent < 0, let name else { return false }
        return !name.contains("-")
    }
}
