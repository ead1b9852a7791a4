import CLuaShim

/// A registered Swift function as Lua holds it: Lua keeps a light userdata pointing here,
/// and the VM keeps the box alive for as long as the state lives.
final class LuaFunctionBox {
    let body: LuaFunctionBody
    unowned(unsafe) let vm: LuaVM

    init(vm: LuaVM, body: @escaping LuaFunctionBody) {
        self.vm = vm
        self.body = body
    }
}

/// Called by the C trampoline for every call from Lua into Swift. Returns the number of
/// results, or a `LOOM_LUA_RAISE*` code with the error value on the stack; the C side
/// raises it once this frame has returned.
let luaDispatch: LoomLuaDispatch = { state, pointer in
    let box = Unmanaged<LuaFunctionBox>.fromOpaque(pointer!).takeUnretainedValue()
    var call = LuaCall(state: state!, vm: box.vm)
    do {
        try box.body(&call)
        return call.pushFailed ? LOOM_LUA_RAISE_MEMORY : call.resultCount
    } catch let error as LuaArgumentError {
        box.vm.host.pointee.argument = Int32(clamping: error.index)
        let text = error.expected ?? error.message ?? "invalid value"
        guard (try? box.vm.pushString(text, on: state!)) != nil else { return LOOM_LUA_RAISE_MEMORY }
        return error.expected != nil ? LOOM_LUA_RAISE_TYPE : LOOM_LUA_RAISE_ARGUMENT
    } catch is LuaBudgetExhausted {
        return LOOM_LUA_RAISE_BUDGET
    } catch is LuaRaise {
        return LOOM_LUA_RAISE
    } catch let error as LuaError where error.location != nil {
        // Raised by Lua code the function called: its message already says where.
        guard (try? box.vm.pushString(error.message, on: state!)) != nil else { return LOOM_LUA_RAISE_MEMORY }
        return LOOM_LUA_RAISE
    } catch let error as LuaError {
        guard (try? box.vm.pushString(error.message, on: state!)) != nil else { return LOOM_LUA_RAISE_MEMORY }
        return LOOM_LUA_RAISE_WHERE
    } catch {
        guard (try? box.vm.pushString(String(describing: error), on: state!)) != nil else {
            return LOOM_LUA_RAISE_MEMORY
        }
        return LOOM_LUA_RAISE_WHERE
    }
}

/// Releases the retain a userdata held on its Swift object (its `__gc`).
let luaRelease: LoomLuaRelease = { pointer in
    Unmanaged<AnyObject>.fromOpaque(pointer!).release()
}

/// Delivers `print` output and warnings to the VM's log.
let luaLog: LoomLuaLog = { context, text, length, kind in
    let vm = Unmanaged<LuaVM>.fromOpaque(context!).takeUnretainedValue()
    let string = String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    vm.log(LuaVM.LogMessage(kind: kind == 0 ? .print : .warning, text: string))
}

/// `LUA_REGISTRYINDEX` (a macro Swift cannot import).
let luaRegistryIndex = loom_lua_registryindex()

/// Thrown inside the VM when a Lua error value is already on top of the stack, to be raised
/// unchanged once the Swift function has returned.
struct LuaRaise: Error {}
