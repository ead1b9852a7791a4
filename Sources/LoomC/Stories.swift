import Foundation
import Loom

/// `loom_status loom_story_compile(const char *const *paths, size_t count, const char *start_node,
/// uint64_t seed, loom_story **out_story, loom_error **)`.
@c(loom_story_compile)
public func loom_story_compile(
    _ paths: UnsafePointer<UnsafePointer<CChar>?>?, _ count: UInt, _ startNode: UnsafePointer<CChar>?,
    _ seed: UInt64, _ outStory: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outStory, "out_story")
        out.pointee = nil
        guard let paths, count > 0 else { throw CAPIFailure(.invalidArgument, "paths is NULL or count is 0") }
        guard count <= 10_000 else { throw CAPIFailure(.invalidArgument, "count is \(count); at most 10000 files") }
        let files = try (0..<Int(count)).map { try Arguments.string(paths[$0], "paths[\($0)]") }
        let start = try Arguments.optionalString(startNode, "start_node")
        let story = try StoryObject.compile(paths: files, start: start, seed: Seed(seed))
        out.pointee = HandleTable.shared.insert(story, kind: .story)
    }
}

/// `loom_status loom_story_free(loom_story *)`: NULL is a no-op.
@c(loom_story_free)
public func loom_story_free(_ story: OpaquePointer?) -> Int32 {
    HandleTable.shared.free(story, kind: .story)
}

/// `loom_status loom_story_continue(loom_story *, loom_story_event *out_event, char **out_line, loom_error **)`.
@c(loom_story_continue)
public func loom_story_continue(
    _ story: OpaquePointer?, _ outEvent: UnsafeMutablePointer<Int32>?,
    _ outLine: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let event = try Arguments.out(outEvent, "out_event")
        outLine?.pointee = nil
        try StoryObject.with(story) { object in
            switch try object.player.nextEvent() {
            case .line(let text, _):
                object.choices = []
                event.pointee = 0
                if let outLine { try Arguments.give(text, to: outLine) }
            case .choices(let choices):
                object.choices = choices
                event.pointee = 1
            case .end:
                object.choices = []
                event.pointee = 2
            }
        }
    }
}

/// `loom_status loom_story_choice_count(loom_story *, int32_t *out_count, loom_error **)`.
@c(loom_story_choice_count)
public func loom_story_choice_count(
    _ story: OpaquePointer?, _ outCount: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outCount, "out_count")
        out.pointee = Int32(try StoryObject.with(story) { $0.choices.count })
    }
}

/// `loom_status loom_story_choice(loom_story *, int32_t index, char **out_text, int32_t *out_available,
/// loom_error **)`.
@c(loom_story_choice)
public func loom_story_choice(
    _ story: OpaquePointer?, _ index: Int32, _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ outAvailable: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outText, "out_text")
        let choice = try StoryObject.with(story) { object in
            guard object.choices.indices.contains(Int(index)) else {
                throw CAPIFailure(.invalidArgument, "choice \(index); the story offers \(object.choices.count)")
            }
            return object.choices[Int(index)]
        }
        outAvailable?.pointee = choice.isAvailable ? 1 : 0
        try Arguments.give(choice.text, to: out)
    }
}

/// `loom_status loom_story_choose(loom_story *, int32_t index, loom_error **)`.
@c(loom_story_choose)
public func loom_story_choose(
    _ story: OpaquePointer?, _ index: Int32, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        try StoryObject.with(story) { object in
            guard object.choices.indices.contains(Int(index)) else {
                throw CAPIFailure(.invalidArgument, "choice \(index); the story offers \(object.choices.count)")
            }
            try object.player.choose(object.choices[Int(index)].index)
            object.choices = []
        }
    }
}

/// `loom_status loom_story_variable(loom_story *, const char *name, char **out_json, loom_error **)`.
@c(loom_story_variable)
public func loom_story_variable(
    _ story: OpaquePointer?, _ name: UnsafePointer<CChar>?,
    _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outJSON, "out_json")
        let name = try Arguments.string(name, "name")
        let value = try StoryObject.with(story) { $0.player.variable(name) }
        guard let value else { throw CAPIFailure(.notFound, "the story has no variable '\(name)'") }
        try Arguments.give(try StoryObject.json(value), to: out)
    }
}

/// `loom_status loom_story_set_variable(loom_story *, const char *name, const char *value_json, loom_error **)`.
@c(loom_story_set_variable)
public func loom_story_set_variable(
    _ story: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ valueJSON: UnsafePointer<CChar>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let name = try Arguments.string(name, "name")
        let value = try StoryObject.value(json: try Arguments.string(valueJSON, "value_json"))
        try StoryObject.with(story) { try $0.player.setVariable(name, to: value) }
    }
}

/// `loom_status loom_story_save(loom_story *, uint8_t *buffer, size_t capacity, size_t *out_size, loom_error **)`.
@c(loom_story_save)
public func loom_story_save(
    _ story: OpaquePointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ capacity: UInt,
    _ outSize: UnsafeMutablePointer<UInt>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let size = try Arguments.out(outSize, "out_size")
        let bytes = try StoryObject.with(story) { try $0.player.saveData() }
        size.pointee = UInt(bytes.count)
        // A NULL buffer of capacity 0 asks only for the size.
        if buffer == nil, capacity == 0 { return }
        let target = try Arguments.buffer(
            buffer, capacity: Int(clamping: capacity), needed: bytes.count, what: "the save")
        _ = target.update(fromContentsOf: bytes)
    }
}

/// `loom_status loom_story_load(loom_story *, const uint8_t *bytes, size_t size, loom_error **)`.
@c(loom_story_load)
public func loom_story_load(
    _ story: OpaquePointer?, _ bytes: UnsafePointer<UInt8>?, _ size: UInt,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        guard let bytes else { throw CAPIFailure(.invalidArgument, "bytes is NULL") }
        let data = Array(UnsafeBufferPointer(start: bytes, count: Int(clamping: size)))
        try StoryObject.with(story) { object in
            try object.player.loadData(data)
            object.choices = []
        }
    }
}
