import CLuaShim
import Foundation
import LoomCore
import Synchronization

/// Numbers VMs so references can tell which VM they belong to without a weak load.
private let nextVMID = Atomic<UInt64>(1)

/// A sandboxed Lua 5.4 virtual machine.
///
/// Scripts see only the `base`, `table`, `string`, `math`, `utf8` and `coroutine` libraries,
/// a deterministic `os` (`clock`, `date`, `difftime`, `time`), a `require` that reads text
/// modules from ``LuaOptions/moduleFolder`` only, a `print` that goes to ``log``, and a
/// `math.random` driven by ``LuaOptions/seed``. Each call from Swift runs under the
/// instruction budget and the VM under the memory limit; errors come back as ``LuaError``.
///
/// ```swift
/// let vm = try LuaVM()
/// try vm.run("function area(w, h) return w * h end", name: "world.lua")
/// let area = try vm.call("area", [4, 5])   // [.integer(20)]
/// ```
///
/// Not thread-safe (not `Sendable`): use a VM from one thread at a time. Lua errors never
/// unwind through Swift frames: see `loom_lua.h` for how the C shim guarantees it.
public final class LuaVM {
    /// One line printed by a script (`print`) or a warning (`warn`).
    public struct LogMessage: Hashable, Sendable {
        /// Where the text came from.
        public enum Kind: String, Hashable, Sendable { case print, warning }
        /// Where the text came from.
        public var kind: Kind
        /// The text, without a trailing newline.
        public var text: String
    }

    /// The options the VM was made with (limits can be changed later through the properties).
    @exclusivity(unchecked) public private(set) var options: LuaOptions
    /// Receives what scripts print and warn. Default: writes `[lua] text` to standard error.
    public var log: (LogMessage) -> Void = { message in
        let prefix = message.kind == .warning ? "[lua warning] " : "[lua] "
        FileHandle.standardError.write(Data((prefix + message.text + "\n").utf8))
    }
    /// The generator behind `math.random`, seeded from ``LuaOptions/seed``.
    @exclusivity(unchecked) public var random: Xoshiro256StarStar

    let state: OpaquePointer
    let host: UnsafeMutablePointer<LoomLuaHost>
    /// Unique among the VMs of this process.
    let id = nextVMID.add(1, ordering: .relaxed).oldValue
    // Touched on every call: exclusivity is evident (one thread, no overlapping access).
    @exclusivity(unchecked) var hostCallDepth = 0
    /// Registered Swift functions, kept alive for Lua (which holds them as light userdata).
    var functionBoxes: [LuaFunctionBox] = []
    /// Registered userdata types: by Swift type, and by metatable identity.
    var typesByObject: [ObjectIdentifier: LuaTypeInfo] = [:]
    var typesByMetatable: [UnsafeRawPointer: LuaTypeInfo] = [:]
    /// The registry ref of the table of loaded modules (for `require`).
    var loadedModulesRef: Int32 = LUA_NOREF
    /// Modules whose chunk is running, to catch require loops.
    var modulesLoading: Set<String> = []

    /// Creates a VM with the sandboxed libraries and the given limits.
    /// - Throws: ``LuaError`` (`.memory`) if the state cannot be created within the limit.
    public init(options: LuaOptions = LuaOptions()) throws {
        self.options = options
        self.random = options.seed.makeRandom()
        host = .allocate(capacity: 1)
        host.initialize(to: LoomLuaHost())
        host.pointee.allocator.limit = max(0, options.memoryLimit)
        host.pointee.hook_interval =
            options.hookInterval == 0 ? 0 : Int32(clamping: min(max(options.hookInterval, 100), 1_000_000))
        host.pointee.max_string_length = max(0, options.maxStringLength)
        host.pointee.host_call_cost = Int64(clamping: max(0, options.hostCallCost))
        host.pointee.fixed_time = Int64(options.fixedTime)
        host.pointee.dispatch = luaDispatch
        host.pointee.release = luaRelease
        host.pointee.log = luaLog
        guard let state = loom_lua_host_open(host) else {
            host.deallocate()
            throw LuaError(.memory, "cannot create a Lua state within the memory limit of \(options.memoryLimit) bytes")
        }
        self.state = state
        host.pointee.log_context = Unmanaged.passUnretained(self).toOpaque()
        try installSandbox()
    }

    deinit {
        // Finalisers run here: userdata release their Swift objects.
        lua_close(state)
        host.deinitialize(count: 1)
        host.deallocate()
    }

    /// The most memory the VM may hold, in bytes (0: no limit).
    public var memoryLimit: Int {
        get { host.pointee.allocator.limit }
        set { host.pointee.allocator.limit = max(0, newValue) }
    }

    /// The most instructions one call from Swift may run (0: no limit).
    public var instructionBudget: Int {
        get { options.instructionBudget }
        set { options.instructionBudget = max(0, newValue) }
    }

    /// The bytes the VM holds now.
    public var memoryUsed: Int { host.pointee.allocator.used }

    /// The most bytes the VM has held at once.
    public var peakMemoryUsed: Int { host.pointee.allocator.peak }

    /// Instructions run since the VM was made, counted in steps of ``LuaOptions/hookInterval``,
    /// with the instructions allocation stands for (see ``LuaOptions/instructionBudget``).
    public var instructionsExecuted: Int { Int(host.pointee.executed) }

    /// Runs a full garbage collection: Lua frees what scripts no longer reach and releases
    /// the Swift objects only Lua held. Scripts themselves cannot force a collection.
    public func collectGarbage() {
        _ = loom_lua_protected_gc(state)
    }

    func releaseReference(_ ref: Int32) {
        _ = loom_lua_protected_unref(state, ref)
    }
}
