import Foundation

/// A thread-safe one-way switch: a test sets it, another thread waits for it.
public final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// A switch that is not set.
    public init() {}

    /// Whether ``set()`` has been called.
    public var isSet: Bool { lock.withLock { value } }

    /// Sets the switch; it stays set.
    public func set() { lock.withLock { value = true } }
}
