import Foundation

/// The table behind every C handle: a handle is a checked token (kind, generation, slot), never a
/// pointer into library memory, so a NULL, freed or mistyped handle is detected rather than read.
///
/// A token's bits: the kind in the top 8, the slot's generation in the next 24, the slot plus one
/// in the low 32 (so a token is never 0). Freeing bumps the slot's generation, so every earlier
/// token for it stops matching; slots are reused from a free list.
final class HandleTable: @unchecked Sendable {
    /// The kinds of handle, each its own tag so a map handle passed as an error is refused.
    enum Kind: UInt64 {
        case error = 1
        case map = 2
        case story = 3
        case world = 4
        case session = 5
        case textModel = 6
    }

    /// The process's table; every access holds `lock`.
    static let shared = HandleTable()

    private struct Slot {
        var generation: UInt64 = 0
        var object: AnyObject?
        var kind: Kind?
    }

    private let lock = NSLock()
    private var slots: [Slot] = []
    private var freeSlots: [Int] = []

    /// Stores `object` and returns its token as a C handle.
    func insert(_ object: AnyObject, kind: Kind) -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        let index: Int
        if let reused = freeSlots.popLast() {
            index = reused
        } else {
            index = slots.count
            slots.append(Slot())
        }
        slots[index].object = object
        slots[index].kind = kind
        let token = kind.rawValue << 56 | (slots[index].generation & 0xFF_FFFF) << 32 | UInt64(index + 1)
        // A token is nonzero by construction (the slot plus one is at least 1).
        return OpaquePointer(bitPattern: UInt(token))!
    }

    /// The object a live handle of `kind` names, or `nil` for NULL, a freed handle or another kind.
    func object(_ handle: OpaquePointer?, kind: Kind) -> AnyObject? {
        lock.lock()
        defer { lock.unlock() }
        return slotIndex(handle, kind: kind).flatMap { slots[$0].object }
    }

    /// What every `loom_*_free` returns: `LOOM_OK` for NULL (a no-op) and for a live handle of
    /// `kind`, which is removed; `LOOM_ERROR_INVALID_HANDLE` for a freed or foreign one.
    func free(_ handle: OpaquePointer?, kind: Kind) -> Int32 {
        guard handle != nil else { return Status.ok.rawValue }
        return remove(handle, kind: kind) ? Status.ok.rawValue : Status.invalidHandle.rawValue
    }

    /// Frees the handle's slot; `false` when the handle is NULL, freed or of another kind.
    private func remove(_ handle: OpaquePointer?, kind: Kind) -> Bool {
        lock.lock()
        let removed: AnyObject?
        if let index = slotIndex(handle, kind: kind) {
            removed = slots[index].object
            slots[index] = Slot(generation: slots[index].generation &+ 1)
            freeSlots.append(index)
        } else {
            removed = nil
        }
        lock.unlock()
        // The object is released here, outside the lock (its deinit may free C memory).
        return removed != nil
    }

    /// How many handles are live, for tests of leaks.
    var liveCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return slots.count - freeSlots.count
    }

    private func slotIndex(_ handle: OpaquePointer?, kind: Kind) -> Int? {
        guard let handle else { return nil }
        let token = UInt64(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle))))
        guard token >> 56 == kind.rawValue else { return nil }
        let slot = Int(token & 0xFFFF_FFFF)
        guard slot >= 1, slot <= slots.count else { return nil }
        let index = slot - 1
        guard slots[index].kind == kind, slots[index].generation & 0xFF_FFFF == (token >> 32) & 0xFF_FFFF else {
            return nil
        }
        return index
    }
}
