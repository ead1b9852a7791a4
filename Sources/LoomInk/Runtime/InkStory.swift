import LoomCore

/// A compiled ink story: the content tree of ink's JSON runtime format, its `LIST`
/// definitions, and the targets of every divert resolved. It never changes while playing;
/// an ``InkRunner`` holds the state of one play-through.
///
/// Load what inklecate (or ``InkCompiler``) writes, and write it back with ``json()``:
///
/// ```swift
/// let story = try InkStory(json: try AtomicFile.readText("story.json"), file: "story.json")
/// let runner = try InkRunner(story: story, seed: Seed(42))
/// while runner.canContinue { print(try runner.continue(), terminator: "") }
/// ```
public final class InkStory: @unchecked Sendable {
    /// The newest runtime format version this runtime reads and writes.
    public static let formatVersion = 21
    /// The oldest runtime format version this runtime reads.
    public static let oldestFormatVersion = 18

    /// The root container.
    public let root: InkContainer
    /// The `LIST` definitions.
    public let lists: InkListDefinitions
    /// The format version the story was written in.
    public let inkVersion: Int
    /// The file the story was compiled or read from, as given (`story.ink`, `story.json`).
    public let file: String
    /// Every container, indexed by ``InkContainer/id``.
    private(set) var containers: [InkContainer] = []
    /// Containers by path, for saves and divert target values.
    private(set) var containersByPath: [String: InkContainer] = [:]

    /// A story from its root container and list definitions; resolves every path.
    /// - Throws: `LoomError` (`.format`) naming a path that leads nowhere.
    public init(
        root: InkContainer, lists: InkListDefinitions, inkVersion: Int = formatVersion, file: String = "<ink>"
    )
        throws
    {
        self.root = root
        self.lists = lists
        self.inkVersion = inkVersion
        self.file = file
        var problems: [Diagnostic] = []
        index(root, path: "")
        for container in containers { link(container, file: file, problems: &problems) }
        numberExternalCalls()
        if !problems.isEmpty { throw LoomError(.format, diagnostics: problems) }
    }

    /// The container named `global decl` that declares the global variables, if any.
    var globalDeclaration: InkContainer? { root.namedChildren["global decl"] }

    /// The names of the top-level knots and functions.
    public var knotNames: [String] { root.namedOnlyOrder.filter { $0 != "global decl" } }

    private func index(_ container: InkContainer, path: String) {
        container.id = containers.count
        container.path = path
        container.isTopLevel = container.parent === root && container.name != nil && path != "global decl"
        container.freeze()
        containers.append(container)
        containersByPath[path] = container
        for (position, object) in container.content.enumerated() {
            if case .container(let child) = object {
                let component = child.name ?? String(position)
                index(child, path: path.isEmpty ? component : "\(path).\(component)")
            }
        }
        for name in container.namedOnlyOrder {
            guard let child = container.namedChildren[name], child.indexInParent < 0 else { continue }
            index(child, path: path.isEmpty ? name : "\(path).\(name)")
        }
    }

    private func link(_ container: InkContainer, file: String, problems: inout [Diagnostic]) {
        func problem(_ path: String) {
            problems.append(
                Diagnostic(
                    .error, "'\(path)' (in \(container.path.isEmpty ? "the root" : container.path)) leads nowhere",
                    at: SourceLocation(file: file)))
        }
        for (position, object) in container.content.enumerated() {
            switch object {
            case .divert(let divert):
                if let target = divert.target, !resolve(target, from: container) { problem(target.path) }
            case .choicePoint(let choice):
                if !resolve(choice.target, from: container) { problem(choice.target.path) }
                choice.sourcePath = container.path.isEmpty ? String(position) : "\(container.path).\(position)"
            case .readCount(let target):
                if !resolve(target, from: container) { problem(target.path) }
            default: break
            }
        }
    }

    /// Resolves a target's path from the container that holds it.
    @discardableResult
    func resolve(_ target: InkTarget, from container: InkContainer) -> Bool {
        guard let pointer = pointer(atPath: target.path, from: container) else { return false }
        target.pointer = pointer
        if pointer.index < 0, let found = pointer.container {
            target.container = found
            target.pointer = InkPointer.start(of: found)
        }
        return true
    }

    /// The pointer a path leads to (relative paths start with `.`, and their first `^` is the
    /// container holding the object that names them).
    func pointer(atPath path: String, from container: InkContainer? = nil) -> InkPointer? {
        if path.hasPrefix(".") {
            var components = path.dropFirst().split(separator: ".", omittingEmptySubsequences: false)[...]
            if components.first == "^" { components = components.dropFirst() }
            return (container ?? root).resolve(components)
        }
        if path.isEmpty { return nil }
        return root.resolve(path.split(separator: ".", omittingEmptySubsequences: false)[...])
    }

    /// Where a divert to `path` lands: the start of a container, or an object.
    func divertPointer(toPath path: String) -> InkPointer? {
        if let container = containersByPath[path] { return InkPointer.start(of: container) }
        guard let pointer = pointer(atPath: path) else { return nil }
        if pointer.index < 0, let container = pointer.container { return InkPointer.start(of: container) }
        return pointer
    }

    /// The container at an absolute path.
    func container(atPath path: String) -> InkContainer? {
        if let found = containersByPath[path] { return found }
        guard let pointer = pointer(atPath: path), pointer.index < 0 else { return nil }
        return pointer.container
    }
}
