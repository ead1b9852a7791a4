import CLuaShim

extension LuaVM {
    /// Makes `body` callable from Lua as the global function `name`.
    /// - Throws: ``LuaError`` `.memory` if the VM's memory limit does not allow it.
    public func register(function name: String, _ body: @escaping LuaFunctionBody) throws {
        try setGlobal(name) { L in try pushFunction(body, on: L) }
    }

    /// Makes a global table `name` of Swift functions (adding to it if it exists), which
    /// scripts also get from `require(name)`.
    ///
    /// ```swift
    /// try vm.register(
    ///     module: "loom",
    ///     functions: [
    ///         "clamp": { call in
    ///             let value = try call.number(1), low = try call.number(2), high = try call.number(3)
    ///             call.push(min(max(value, low), high))
    ///         }
    ///     ])
    /// ```
    public func register(module name: String, functions: [String: LuaFunctionBody]) throws {
        let L = state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushGlobal(name, on: L)
        if lua_type(L, -1) != LUA_TTABLE {
            lua_settop(L, top)
            try LuaVM.check(loom_lua_protected_createtable(L, 0, Int32(clamping: functions.count)), "a module")
        }
        let module = lua_gettop(L)
        for functionName in functions.keys.sorted() {
            try pushString(functionName, on: L)
            try pushFunction(functions[functionName]!, on: L)
            try LuaVM.check(loom_lua_protected_rawset(L, module), "a module")
        }
        try setGlobal(name) { L in lua_pushvalue(L, module) }
        if loadedModulesRef != LUA_NOREF {
            lua_rawgeti(L, luaRegistryIndex, lua_Integer(loadedModulesRef))
            try pushString(name, on: L)
            lua_pushvalue(L, module)
            try LuaVM.check(loom_lua_protected_rawset(L, -3), "a module")
        }
    }

    /// Sets the global `name` (raw: a script's metatable on `_G` is not consulted).
    public func setGlobal(_ name: String, _ value: LuaValue) throws {
        try setGlobal(name) { L in try push(value, on: L) }
    }

    /// The global `name` (or a dotted path such as `"rules.size"`), read raw; `nil` if absent.
    public func global(_ name: String) throws -> LuaValue {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        try pushGlobal(name, on: state)
        return try value(at: -1, in: state)
    }

    func setGlobal(_ name: String, pushValue: (OpaquePointer) throws -> Void) throws {
        let L = state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try LuaVM.ensureStack(L, 4)
        lua_rawgeti(L, luaRegistryIndex, lua_Integer(LUA_RIDX_GLOBALS))
        try pushString(name, on: L)
        try pushValue(L)
        try LuaVM.check(loom_lua_protected_rawset(L, top + 1), "a global")
    }

    /// Pushes a Swift function as a Lua function (a C closure over its box).
    func pushFunction(_ body: @escaping LuaFunctionBody, on L: OpaquePointer) throws {
        let box = LuaFunctionBox(vm: self, body: body)
        functionBoxes.append(box)
        let status = loom_lua_protected_pushswiftfunction(L, Unmanaged.passUnretained(box).toOpaque())
        try LuaVM.check(status, "a function")
    }
}
