import CLuaShim
import LoomCore

/// The parts of the sandbox written in Swift and Lua: `require`, and `math.random` on the
/// world's seeded generator. The C parts (removed functions, guards, `os`) are in the shim.
extension LuaVM {
    /// Runs once at start: defines `require` over a Swift module loader and installs the
    /// seeded random functions.
    func installSandbox() throws {
        try register(
            module: "math",
            functions: ["random": { try LuaVM.random(&$0) }, "randomseed": { try LuaVM.randomseed(&$0) }])
        let L = state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try withBudget {
            try pushChunk(LuaVM.prelude, name: "loom-prelude", on: L)
            try pushFunction({ call in try call.vm.loadModule(&call) }, on: L)
            try LuaVM.check(loom_lua_protected_createtable(L, 0, 8), "the module table")
            lua_pushvalue(L, -1)
            var ref: Int32 = LUA_NOREF
            try LuaVM.check(loom_lua_protected_ref(L, &ref), "the module table")
            loadedModulesRef = ref
            let status = loom_lua_host_call(L, 2, 0)
            guard status == LUA_OK else { throw error(status: status, on: L) }
        }
    }

    /// `require(name)`: modules already loaded (or registered) are returned as they are;
    /// others are loaded by `loadModule` from the world's folder and run once. A module that
    /// fails to load stays marked as loading, so requiring it again reports the loop rather
    /// than running half its code twice.
    static let prelude = """
        local loadmodule, loaded = ...
        local loading = {}
        local type, error = type, error
        function require(name)
          if type(name) ~= "string" then
            error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
          end
          local module = loaded[name]
          if module ~= nil then return module end
          if loading[name] then
            error("module '" .. name .. "' is already loading (a require loop, or it failed before)", 2)
          end
          loading[name] = true
          local chunk, path = loadmodule(name)
          module = chunk(name, path)
          if module == nil then module = true end
          loaded[name] = module
          loading[name] = nil
          return module
        end
        """

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
