import Foundation
import Loom

/// The object behind a `loom_story` handle: a Yarn or ink runner behind the one story protocol,
/// and the choices of its last event. Its lock makes calls on one handle from two threads at
/// once wait for each other instead of racing (the header still asks for one thread at a time).
final class StoryObject {
    let player: any StoryPlayer
    var choices: [StoryPlayerChoice] = []
    /// The sentence model's vectors of an ink story's choices, kept for later typed choices.
    let embeddings = StoryEmbeddingCache()
    private let lock = NSLock()

    init(_ player: any StoryPlayer) { self.player = player }

    /// Runs `body` on the story a live `loom_story` handle names, holding its lock.
    static func with<T>(_ handle: OpaquePointer?, _ body: (StoryObject) throws -> T) throws -> T {
        guard let object = HandleTable.shared.object(handle, kind: .story) as? StoryObject else {
            throw CAPIFailure.invalidHandle("loom_story")
        }
        object.lock.lock()
        defer { object.lock.unlock() }
        return try body(object)
    }

    /// Compiles story files: one `.ink` file (its `INCLUDE`s read beside it), or any number of
    /// `.yarn` files started at node `start`.
    static func compile(paths: [String], start: String?, seed: Seed) throws -> StoryObject {
        guard let first = paths.first else { throw CAPIFailure(.invalidArgument, "no story files given") }
        if paths.contains(where: { $0.lowercased().hasSuffix(".ink") }) {
            guard paths.count == 1 else {
                throw CAPIFailure(
                    .invalidArgument, "an ink story is one .ink file (it INCLUDEs the rest); \(paths.count) files given"
                )
            }
            let runner = try InkRunner(story: try InkCompiler.compile(file: first), seed: seed)
            return StoryObject(runner)
        }
        let story = try StoryCompiler.compile(try paths.map { try StorySource.load(from: $0) })
        let node = start ?? "Start"
        guard story.node(named: node) != nil else {
            throw CAPIFailure(
                .notFound, "the story has no node '\(node)'; it has: \(story.nodeNames.joined(separator: ", "))")
        }
        let runner = StoryRunner(story: story, seed: seed)
        try runner.setNode(node)
        return StoryObject(runner)
    }

    /// A story value as JSON: `true`, `3`, `2.5`, `"text"`.
    static func json(_ value: StoryPlayerValue) throws -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            guard number.isFinite else { throw CAPIFailure(.invalidArgument, "the number \(number) has no JSON form") }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text): return try encodeJSON(text)
        }
    }

    /// A story value from JSON text: a boolean, a number or a string.
    static func value(json: String) throws -> StoryPlayerValue {
        let parsed = try LocatedJSON.parse(json, file: "<value>")
        switch parsed.value {
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .number(number.double)
        case .string(let text): return .string(text)
        default:
            throw LoomError(
                .invalidArgument, "a story value is a boolean, a number or a string", at: parsed.location)
        }
    }
}
