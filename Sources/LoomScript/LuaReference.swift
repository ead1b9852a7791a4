import CLuaShim

/// A Lua value held in its VM's registry, so that Lua keeps it alive while Swift does.
///
/// Released (`luaL_unref`) when the last Swift reference goes away. Holds its VM weakly: a
/// reference outliving its VM is inert, and using it throws.
public class LuaReference {
    weak var vm: LuaVM?
    let ref: Int32
    /// Lua's type name of the value (`"thread"`, `"userdata"`, `"function"`).
    public let typeName: String

    required init(vm: LuaVM, ref: Int32, typeName: String) {
        self.vm = vm
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
}
