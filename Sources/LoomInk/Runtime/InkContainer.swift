import LoomCore

/// A container of ink's runtime format: an ordered list of content, named sub-containers,
/// and flags saying whether its visits and turns are counted.
///
/// Containers form the story's tree; paths (`knot.0.c-1`) name a container by the names or
/// indices of its ancestors. A story's tree never changes while it plays, so the properties
/// the runtime reads on every step skip Swift's dynamic exclusivity checks
/// (`@exclusivity(unchecked)`): no access can overlap a write that never happens.
public final class InkContainer: @unchecked Sendable {
    /// The name, when the container has one (`knot`, `c-0`, `g-1`, `s0`).
    public var name: String?
    /// The content run in order.
    @exclusivity(unchecked) public internal(set) var content: [InkObject] = []
    /// Every named child, whether it is in ``content`` or only reachable by name.
    @exclusivity(unchecked) public internal(set) var namedChildren: [String: InkContainer] = [:]
    /// Named children that are not in ``content`` (in the order they were added).
    public internal(set) var namedOnlyOrder: [String] = []
    /// The container this one is in.
    /// Unowned: a story keeps every container alive through ``InkStory`` (and a compiler's tree
    /// through its root), and weak references would make every retain of a container slow.
    @exclusivity(unchecked) public internal(set) unowned(unsafe) var parent: InkContainer?
    /// Index in the parent's content, or -1 when only named.
    @exclusivity(unchecked) public internal(set) var indexInParent = -1
    /// Count flags: 1 visits, 2 turns, 4 count only when entered at the start.
    @exclusivity(unchecked) public var countFlags = 0
    /// A dense number unique within the story (visit counts are indexed by it).
    @exclusivity(unchecked) public internal(set) var id = 0
    /// The container's path from the root (`""` for the root).
    @exclusivity(unchecked) public internal(set) var path = ""
    /// Whether this is a top-level knot or function (a named child of the root other than
    /// the global declarations).
    @exclusivity(unchecked) var isTopLevel = false
    /// Where the content from ``content``'s `index` on was written, in order of `index`: the
    /// source map the compiler keeps (a line, a logic line, a choice, a gather, a knot), so a
    /// runtime error names its source line. Empty in a story read from JSON.
    var sourceMarks: [(index: Int, location: SourceLocation)] = []

    /// ``content`` as the runtime reads it, in memory that is not reference counted (reading
    /// an array stored in a class retains and releases it); made by ``freeze()`` when a story
    /// is built on the tree, which never changes after that.
    @exclusivity(unchecked) private(set) var code = UnsafeMutableBufferPointer<InkObject>(start: nil, count: 0)
    /// ``code`` as plain values the runtime switches on without copying objects (``InkOp``).
    @exclusivity(unchecked) private(set) var ops = UnsafeMutableBufferPointer<InkOp>(start: nil, count: 0)

    /// An empty container.
    public init(name: String? = nil) { self.name = name }

    deinit {
        code.deinitialize()
        code.deallocate()
        ops.deallocate()
    }

    /// Copies ``content`` into ``code`` and ``ops`` for the runtime.
    func freeze() {
        code.deinitialize()
        code.deallocate()
        code = .allocate(capacity: content.count)
        _ = code.initialize(fromContentsOf: content)
        ops.deallocate()
        ops = .allocate(capacity: content.count)
        _ = ops.initialize(fromContentsOf: content.lazy.map(InkOp.init))
    }

    /// Whether visits are counted.
    var countsVisits: Bool { countFlags & 1 != 0 }
    /// Whether the turn of the last visit is recorded.
    var countsTurns: Bool { countFlags & 2 != 0 }
    /// Whether only entering at the start counts as a visit.
    var countsAtStartOnly: Bool { countFlags & 4 != 0 }

    /// Appends content; a named container also becomes reachable by name.
    public func append(_ object: InkObject) {
        if case .container(let child) = object {
            child.parent = self
            child.indexInParent = content.count
            if let name = child.name { namedChildren[name] = child }
        }
        content.append(object)
    }

    /// Adds a container reachable only by its name, not run in order.
    public func addNamedOnly(_ child: InkContainer) {
        guard let name = child.name else { return }
        child.parent = self
        child.indexInParent = -1
        if namedChildren[name] == nil || !namedOnlyOrder.contains(name) { namedOnlyOrder.append(name) }
        namedChildren[name] = child
    }

    /// Resolves path components from this container: names, indices and `^` (the parent).
    /// Returns the container (or the object at an index) reached.
    func resolve(_ components: ArraySlice<Substring>) -> InkPointer? {
        var current: InkContainer = self
        var remaining = components
        while let component = remaining.first {
            remaining = remaining.dropFirst()
            if component == "^" {
                guard let parent = current.parent else { return nil }
                current = parent
            } else if let index = Int(component) {
                guard index >= 0, index < current.content.count else { return nil }
                if case .container(let child) = current.content[index] {
                    current = child
                } else {
                    return remaining.isEmpty ? InkPointer(container: current, index: index) : nil
                }
            } else if let child = current.namedChildren[String(component)] {
                current = child
            } else {
                return nil
            }
        }
        return InkPointer(container: current, index: -1)
    }
}

/// A position in the story: a container and an index in its content (-1 for the container
/// itself). A null pointer has no container.
///
/// The container is held unretained: the story keeps every container alive for as long as a
/// runner (and so any pointer into it) exists, and pointers are copied and read on every
/// step, where reference counting would cost more than the step's work (even an
/// `unowned(unsafe)` reference is retained when it is read into a local).
public struct InkPointer: Hashable, @unchecked Sendable {
    /// The container, unretained, or `nil` for the null pointer.
    var reference: Unmanaged<InkContainer>?
    /// The index in the container's content, or -1.
    var index: Int

    init(container: InkContainer?, index: Int) {
        reference = container.map { Unmanaged.passUnretained($0) }
        self.index = index
    }

    init(reference: Unmanaged<InkContainer>, index: Int) {
        self.reference = reference
        self.index = index
    }

    static let null = InkPointer(container: nil, index: -1)

    /// The container, or `nil` for the null pointer.
    var container: InkContainer? {
        get { reference?.takeUnretainedValue() }
        set { reference = newValue.map { Unmanaged.passUnretained($0) } }
    }

    var isNull: Bool { reference == nil }

    /// The start of a container.
    static func start(of container: InkContainer) -> InkPointer { InkPointer(container: container, index: 0) }

    /// The object pointed at: the container itself for index -1 or an empty container.
    func resolve() -> InkObject? {
        guard let container else { return nil }
        if index < 0 { return .container(container) }
        let code = container.code
        if code.isEmpty { return .container(container) }
        if index >= code.count { return nil }
        return code[index]
    }

    /// The op pointed at, as ``resolve()`` finds its object: the container itself for index -1
    /// or an empty container, `nil` past the end or for the null pointer.
    @inline(__always)
    var op: InkOp? {
        guard let reference else { return nil }
        let ops = reference._withUnsafeGuaranteedRef { $0.ops }
        if index < 0 || ops.isEmpty { return InkOp.container(reference) }
        if index >= ops.count { return nil }
        return ops[index]
    }

    /// The object at the pointer's index in its container's ``InkContainer/code`` (which must
    /// be valid), for the payload an ``InkOp`` leaves out.
    @inline(__always)
    var object: InkObject { reference.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.code[index] } }

    /// The pointer's path (`knot.0.3`), as saves and choices record it.
    var path: String {
        guard let container else { return "" }
        if index < 0 { return container.path }
        return container.path.isEmpty ? String(index) : "\(container.path).\(index)"
    }

    public static func == (lhs: InkPointer, rhs: InkPointer) -> Bool {
        lhs.reference?.toOpaque() == rhs.reference?.toOpaque() && lhs.index == rhs.index
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(reference?.toOpaque())
        hasher.combine(index)
    }
}
