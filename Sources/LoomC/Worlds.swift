import Foundation
import Loom

/// The object behind a `loom_world` handle: loaded world content, immutable and `Sendable`.
final class WorldObject {
    let world: World

    init(_ world: World) { self.world = world }

    static func named(_ handle: OpaquePointer?) throws -> World {
        guard let object = HandleTable.shared.object(handle, kind: .world) as? WorldObject else {
            throw CAPIFailure.invalidHandle("loom_world")
        }
        return object.world
    }
}

/// The object behind a `loom_session` handle: one playthrough, used under its lock.
final class SessionObject {
    let session: WorldSession
    private let lock = NSLock()

    init(_ session: WorldSession) { self.session = session }

    /// Runs `body` on the session a live `loom_session` handle names, holding its lock.
    static func with<T>(_ handle: OpaquePointer?, _ body: (WorldSession) throws -> T) throws -> T {
        guard let object = HandleTable.shared.object(handle, kind: .session) as? SessionObject else {
            throw CAPIFailure.invalidHandle("loom_session")
        }
        object.lock.lock()
        defer { object.lock.unlock() }
        return try body(object.session)
    }
}

/// `loom_status loom_world_load(const char *folder, int32_t text_model, loom_world **out_world, loom_error **)`.
@c(loom_world_load)
public func loom_world_load(
    _ folder: UnsafePointer<CChar>?, _ textModel: Int32, _ outWorld: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outWorld, "out_world")
        out.pointee = nil
        let folder = try Arguments.string(folder, "folder")
        // A missing folder or world.lua is a name that names nothing, not a failing script.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CAPIFailure(.notFound, "\(folder): no such world folder")
        }
        let script = (folder as NSString).appendingPathComponent("world.lua")
        guard FileManager.default.fileExists(atPath: script) else {
            throw CAPIFailure(.notFound, "\(script): \(folder) has no world.lua")
        }
        let world = try World.load(from: folder, textModel: textModel != 0)
        out.pointee = HandleTable.shared.insert(WorldObject(world), kind: .world)
    }
}

/// `loom_status loom_world_free(loom_world *)`: NULL is a no-op.
@c(loom_world_free)
public func loom_world_free(_ world: OpaquePointer?) -> Int32 {
    HandleTable.shared.free(world, kind: .world)
}

/// `loom_status loom_session_open(loom_world *, const uint64_t *seed, loom_session **out_session, loom_error **)`.
@c(loom_session_open)
public func loom_session_open(
    _ world: OpaquePointer?, _ seed: UnsafePointer<UInt64>?, _ outSession: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outSession, "out_session")
        out.pointee = nil
        let world = try WorldObject.named(world)
        let session = try world.play(try world.generate(seed: seed.map { Seed($0.pointee) }))
        out.pointee = HandleTable.shared.insert(SessionObject(session), kind: .session)
    }
}

/// `loom_status loom_session_free(loom_session *)`: NULL is a no-op.
@c(loom_session_free)
public func loom_session_free(_ session: OpaquePointer?) -> Int32 {
    HandleTable.shared.free(session, kind: .session)
}

/// `loom_status loom_session_map(loom_session *, loom_map **out_map, loom_error **)`.
@c(loom_session_map)
public func loom_session_map(
    _ session: OpaquePointer?, _ outMap: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outMap, "out_map")
        let map = try SessionObject.with(session) { $0.tileMap }
        out.pointee = HandleTable.shared.insert(MapObject(map), kind: .map)
    }
}

/// `loom_status loom_session_start(loom_session *, const char *node, loom_error **)`.
@c(loom_session_start)
public func loom_session_start(
    _ session: OpaquePointer?, _ node: UnsafePointer<CChar>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let node = try Arguments.optionalString(node, "node")
        try SessionObject.with(session) { try $0.start(node: node) }
    }
}

/// `loom_status loom_session_enter(loom_session *, int32_t x, int32_t y, char **out_node, loom_error **)`.
@c(loom_session_enter)
public func loom_session_enter(
    _ session: OpaquePointer?, _ x: Int32, _ y: Int32, _ outNode: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        outNode?.pointee = nil
        let node = try SessionObject.with(session) { session -> String? in
            let map = session.tileMap
            guard (0..<map.width).contains(Int(x)), (0..<map.height).contains(Int(y)) else {
                throw CAPIFailure(.invalidArgument, "cell (\(x), \(y)) is outside the \(map.width)x\(map.height) map")
            }
            return try session.enter(Point(x: Int(x), y: Int(y)))
        }
        if let node, let outNode { try Arguments.give(node, to: outNode) }
    }
}

/// `loom_status loom_session_option_count(loom_session *, int32_t *out_count, loom_error **)`.
@c(loom_session_option_count)
public func loom_session_option_count(
    _ session: OpaquePointer?, _ outCount: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outCount, "out_count")
        out.pointee = Int32(try SessionObject.with(session) { $0.options.count })
    }
}

/// `loom_status loom_session_option(loom_session *, int32_t index, char **out_text, int32_t *out_available,
/// loom_error **)`.
@c(loom_session_option)
public func loom_session_option(
    _ session: OpaquePointer?, _ index: Int32, _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ outAvailable: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outText, "out_text")
        let option = try SessionObject.with(session) { session in
            guard session.options.indices.contains(Int(index)) else {
                throw CAPIFailure(.invalidArgument, "option \(index); the session offers \(session.options.count)")
            }
            return session.options[Int(index)]
        }
        outAvailable?.pointee = option.isAvailable ? 1 : 0
        try Arguments.give(option.text, to: out)
    }
}

/// `loom_status loom_session_choose(loom_session *, int32_t index, loom_error **)`.
@c(loom_session_choose)
public func loom_session_choose(
    _ session: OpaquePointer?, _ index: Int32, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) { try SessionObject.with(session) { try $0.choose(Int(index)) } }
}

/// `loom_status loom_session_event_count(loom_session *, int32_t *out_count, loom_error **)`.
@c(loom_session_event_count)
public func loom_session_event_count(
    _ session: OpaquePointer?, _ outCount: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let out = try Arguments.out(outCount, "out_count")
        out.pointee = Int32(try SessionObject.with(session) { $0.events.count })
    }
}

/// `loom_status loom_session_event(loom_session *, int32_t index, loom_world_event_kind *out_kind, char **out_text,
/// int32_t *out_x, int32_t *out_y, loom_error **)`.
@c(loom_session_event)
public func loom_session_event(
    _ session: OpaquePointer?, _ index: Int32, _ outKind: UnsafeMutablePointer<Int32>?,
    _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outX: UnsafeMutablePointer<Int32>?,
    _ outY: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let kind = try Arguments.out(outKind, "out_kind")
        outText?.pointee = nil
        let event = try SessionObject.with(session) { session in
            guard session.events.indices.contains(Int(index)) else {
                throw CAPIFailure(.invalidArgument, "event \(index); the session has \(session.events.count)")
            }
            return session.events[Int(index)]
        }
        var text: String?
        var x: Int32 = 0, y: Int32 = 0
        switch event {
        case .entered(let cell, let place):
            kind.pointee = 0
            (x, y, text) = (Int32(cell.x), Int32(cell.y), place)
        case .node(let name): (kind.pointee, text) = (1, name)
        case .line(let line): (kind.pointee, text) = (2, line)
        case .options(let options):
            kind.pointee = 3
            x = Int32(options.count)
            text = options.map(\.text).joined(separator: "\n")
        case .choice(let number, let chosen): (kind.pointee, x, text) = (4, Int32(number), chosen)
        case .typed(let match): (kind.pointee, x, text) = (5, Int32((match.option?.index ?? -1) + 1), match.text)
        case .command(let command): (kind.pointee, text) = (6, command)
        case .textSource(let write): (kind.pointee, text) = (7, write.function)
        }
        outX?.pointee = x
        outY?.pointee = y
        if let text, let outText { try Arguments.give(text, to: outText) }
    }
}

/// `loom_status loom_session_save(loom_session *, uint8_t *buffer, size_t capacity, size_t *out_size, loom_error **)`.
@c(loom_session_save)
public func loom_session_save(
    _ session: OpaquePointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ capacity: UInt,
    _ outSize: UnsafeMutablePointer<UInt>?, _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        let size = try Arguments.out(outSize, "out_size")
        let bytes = try SessionObject.with(session) { try $0.save().encoded() }
        size.pointee = UInt(bytes.count)
        if buffer == nil, capacity == 0 { return }
        let target = try Arguments.buffer(
            buffer, capacity: Int(clamping: capacity), needed: bytes.count, what: "the save")
        _ = target.update(fromContentsOf: bytes)
    }
}

/// `loom_status loom_session_load(loom_session *, const uint8_t *bytes, size_t size, loom_error **)`.
@c(loom_session_load)
public func loom_session_load(
    _ session: OpaquePointer?, _ bytes: UnsafePointer<UInt8>?, _ size: UInt,
    _ error: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    capiCall(error) {
        guard let bytes else { throw CAPIFailure(.invalidArgument, "bytes is NULL") }
        let save = try WorldSave.decode(Data(UnsafeBufferPointer(start: bytes, count: Int(clamping: size))))
        try SessionObject.with(session) { try $0.load(save) }
    }
}
