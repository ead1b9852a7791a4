import CLuaShim

/// A Lua coroutine driven from Swift: each ``resume(_:)`` runs it until it yields or returns.
///
/// ```swift
/// let steps = try vm.makeCoroutine(vm.global("generateSteps").functionValue!)
/// while case .yielded(let values) = try steps.resume() { print(values) }
/// ```
public final class LuaCoroutine {
    /// What a resume ended with.
    public enum Outcome: Hashable {
        /// The coroutine called `coroutine.yield` with these values; resume it again to continue.
        case yielded([LuaValue])
        /// The coroutine's function returned these values; it is finished.
        case returned([LuaValue])
    }

    /// Where the coroutine is in its life.
    public enum Status: Hashable, Sendable {
        /// Not started, or stopped at a yield.
        case suspended
        /// Its function returned.
        case finished
        /// It raised an error (and cannot be resumed).
        case failed
    }

    private let anchor: LuaReference
    private let thread: OpaquePointer
    /// Where the coroutine is in its life.
    public private(set) var status = Status.suspended

    init(vm: LuaVM, function: LuaFunction) throws {
        let L = vm.state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try LuaVM.ensureStack(L, 2)
        var thread: OpaquePointer?
        try LuaVM.check(loom_lua_protected_newthread(L, &thread), "a coroutine")
        anchor = try vm.reference(at: -1, in: L, as: LuaReference.self)
        self.thread = thread!
        lua_rawgeti(L, luaRegistryIndex, lua_Integer(function.ref))
        lua_xmove(L, self.thread, 1)
    }

    /// Runs the coroutine with `arguments` (the function's arguments on the first resume, the
    /// results of `coroutine.yield` later) until it yields or returns. The instruction budget
    /// applies to each resume as to a call.
    /// - Throws: ``LuaError`` if it raises an error (it is then ``Status/failed``), or if it is
    ///   not suspended.
    @discardableResult
    public func resume(_ arguments: [LuaValue] = []) throws -> Outcome {
        let vm = try anchor.liveVM()
        guard status == .suspended else {
            throw LuaError(.runtime, "cannot resume a \(status == .finished ? "finished" : "failed") coroutine")
        }
        let L = vm.state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try LuaVM.ensureStack(L, Int32(clamping: arguments.count + 4))
        guard lua_checkstack(thread, Int32(clamping: arguments.count + 4)) != 0 else {
            throw LuaError(.memory, "the coroutine's stack cannot grow")
        }
        for argument in arguments { try vm.push(argument, on: L) }
        lua_xmove(L, thread, Int32(arguments.count))
        return try vm.withBudget {
            var count: Int32 = 0
            let result = loom_lua_host_resume(L, thread, Int32(arguments.count), &count)
            if result == LUA_OK || result == LUA_YIELD {
                var values: [LuaValue] = []
                let base = lua_gettop(thread) - count
                for index in 0..<count { values.append(try vm.value(at: base + 1 + index, in: thread)) }
                lua_settop(thread, base)
                if result == LUA_OK {
                    status = .finished
                    return .returned(values)
                }
                return .yielded(values)
            }
            status = .failed
            lua_xmove(thread, L, 1)
            var error = vm.error(status: result, on: L)
            if loom_lua_protected_traceback(L, thread, nil, 0) == LUA_OK {
                error.traceback = LuaVM.string(at: -1, in: L)
            }
            throw error
        }
    }
}

extension LuaVM {
    /// A coroutine that runs `function` from Swift (for scripts that produce values a step
    /// at a time). Coroutines made by scripts (`coroutine.create`) work as usual too.
    public func makeCoroutine(_ function: LuaFunction) throws -> LuaCoroutine {
        guard function.vm === self else { throw LuaError(.runtime, "this Lua function belongs to another VM") }
        return try LuaCoroutine(vm: self, function: function)
    }
}
