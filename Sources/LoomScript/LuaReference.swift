import CLuaShim
import LoomCore

/// A Lua value held in its VM's registry, so that Lua keeps it alive while Swift does.
///
/// Released (`luaL_unref`) when the last Swift reference goes away. Holds its VM weakly: a
/// reference outliving its VM is inert, and using it throws.
public class LuaReference {
    weak var vm: LuaVM?
    /// The VM's ``LuaVM/id``: checking it avoids loading the weak reference on every call.
    let vmID: UInt64
    let ref: Int32
    /// Lua's type name of the value (`"thread"`, `"userdata"`, `"function"`).
    public let typeName: String

    required init(vm: LuaVM, ref: Int32, typeName: String) {
        self.vm = vm
        self.vmID = vm.id
        self.ref = ref
        self.typeName = typeName
    }

    deinit {
        vm?.releaseReference(ref)
    }

    /// The VM, or an error if it has been closed.
    func liveVM() throws -> LuaVM {
        guard let vm else { throw LuaError(.runtime, "the Lua VM of this \(typeName) has been closed") }
        return vm
    }
}

/// A Lua function held from Swift: call it with ``call(_:)`` or ``LuaVM/call(_:_:)-(LuaFunction,_)``.
///
/// ```swift
/// let update = try vm.global("update").functionValue!
/// let results = try update.call([.integer(3)])
/// ```
public final class LuaFunction: LuaReference {
    /// Calls the function with `arguments` under the VM's budgets and returns its results.
    /// - Throws: ``LuaError`` when the function raises an error or runs out of budget.
    @discardableResult
    public func call(_ arguments: [LuaValue] = []) throws -> [LuaValue] {
        try liveVM().call(self, arguments)
    }

    /// Where the function is defined: its chunk's name (`"world.lua"`) and the line of its
    /// `function` keyword; `nil` for a function written in Swift or C, or when the VM is closed.
    public var definition: SourceLocation? {
        guard let vm else { return nil }
        let L = vm.state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_checkstack(L, 1) != 0 else { return nil }
        lua_rawgeti(L, luaRegistryIndex, lua_Integer(ref))
        var debug = lua_Debug()
        // ">S" pops the function and only reads fields the function already holds.
        guard lua_type(L, -1) == LUA_TFUNCTION, lua_getinfo(L, ">S", &debug) != 0, debug.linedefined > 0 else {
            return nil
        }
        var file = withUnsafeBytes(of: debug.short_src) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        if file.hasPrefix("[string \"") && file.hasSuffix("\"]") { file = String(file.dropFirst(9).dropLast(2)) }
        return SourceLocation(file: file, line: Int(debug.linedefined))
    }
}
