import LoomCore

/// Where in a story a host function is being called: the node, the instruction within it and
/// how many times the node had been completed before.
///
/// The three together name one call in one playthrough, the same after a save and load or a
/// replay, so a host function can derive a seed or a cache key from them.
public struct StoryCallSite: Sendable, Hashable, Codable {
    /// The name of the node running the call.
    public var node: String
    /// The call instruction's position from the node's start (stable for a compiled story).
    public var offset: Int
    /// Completed visits of the node before this one (0 on the first visit).
    public var visitCount: Int

    /// A call site with the given fields.
    public init(node: String, offset: Int, visitCount: Int) {
        self.node = node
        self.offset = offset
        self.visitCount = visitCount
    }

    /// A compact key such as `Harbour@12#0` (node, offset, visit count).
    public var key: String { "\(node)@\(offset)#\(visitCount)" }
}

extension StoryRunner {
    /// The place of the host function call that is running now, or `nil` outside a host
    /// function (for example between events, or in saliency checks).
    public var currentCallSite: StoryCallSite? {
        guard let callSite else { return nil }
        let node = story.nodes[callSite.node]
        return StoryCallSite(node: node.name, offset: callSite.pc - node.entry, visitCount: visits[callSite.node])
    }
}
