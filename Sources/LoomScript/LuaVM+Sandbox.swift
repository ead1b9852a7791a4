import CLuaShim
import LoomCore

/// The parts of the sandbox written in Swift and Lua: `require`, and `math.random` on the
/// world's seeded generator. The C parts (removed functions, guards, `os`) are in the shim.
extension LuaVM {
    /// Runs once at start: installs `require` and the seeded random functions.
    func installSandbox() throws {
        let L = state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try LuaVM.check(loom_lua_protected_createtable(L, 0, 8), "the module table")
        var ref: Int32 = LUA_NOREF
        try LuaVM.check(loom_lua_protected_ref(L, &ref), "the module table")
        loadedModulesRef = ref
        try register(function: "require") { call in try call.vm.require(&call) }
        try register(
            module: "math",
            functions: ["random": { try LuaVM.random(&$0) }, "randomseed": { try LuaVM.randomseed(&$0) }])
    }

    // MARK: math.random

    static func random(_ call: inout LuaCall) throws {
        switch call.argumentCount {
        case 0:
            call.push(call.vm.random.nextDouble())
        case 1, 2:
            let low = call.argumentCount == 1 ? 1 : try call.integer(1)
            let high = try call.integer(call.argumentCount)
            if call.argumentCount == 1 && high == 0 {
                call.push(Int(bitPattern: UInt(call.vm.random.next())))
                return
            }
            guard low <= high else { throw LuaArgumentError(index: call.argumentCount, message: "interval is empty") }
            let width = UInt64(bitPattern: Int64(high &- low))
            let offset = width == .max ? call.vm.random.next() : call.vm.random.nextInt(below: width + 1)
            call.push(low &+ Int(bitPattern: UInt(offset)))
        default:
            throw LuaError(.runtime, "wrong number of arguments to 'random'")
        }
    }

    /// `math.randomseed(n)` restarts the generator from `Seed(n)`; with no argument, from the
    /// VM's seed. Never from the clock.
    static func randomseed(_ call: inout LuaCall) throws {
        if call.isNil(1) {
            call.vm.random = call.vm.options.seed.makeRandom()
            return
        }
        let number = try call.number(1)
        let bits = Int(exactly: number).map { UInt64(bitPattern: Int64($0)) } ?? number.bitPattern
        call.vm.random = Seed(bits).makeRandom()
    }
}
