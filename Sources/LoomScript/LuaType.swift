import CLuaShim

/// How Swift objects of class `Object` look to Lua: userdata with methods and properties.
///
/// Scripts call methods with `:` (`grid:get(x, y)`); inside a method, argument 1 is the
/// object and the script's arguments start at 2. Keys that are not methods go to
/// ``getter``; assignments (`grid.name = "x"`) go to ``setter`` (without one, they are an
/// error). The object stays alive while Lua holds it and is released when Lua collects it.
///
/// ```swift
/// var type = LuaType<Counter>("Counter")
/// type.methods["add"] = { counter, call in counter.value += try call.integer(2) }
/// type.getter = { counter, key, call in
///     if key == "value" { call.push(counter.value) } else { call.pushNil() }
/// }
/// try vm.register(type: type)
/// try vm.setGlobal("counter", .object(Counter()))
/// ```
public struct LuaType<Object: AnyObject> {
    /// A method: the object, and the call (argument 1 is the object itself).
    public typealias Method = (Object, inout LuaCall) throws -> Void
    /// A property read or write: the object, the key, and the call (for a write, the new
    /// value is argument 3).
    public typealias Property = (Object, LuaValue, inout LuaCall) throws -> Void

    /// The type's name in messages (`bad argument #1 to 'get' (Grid expected, got nil)`).
    public var name: String
    /// Methods by name.
    public var methods: [String: Method] = [:]
    /// Reads keys that are not methods. Default: `nil` (such keys read as `nil`).
    public var getter: Property?
    /// Handles assignments. Default: `nil` (assignments are an error).
    public var setter: Property?
    /// What `tostring(object)` gives. Default: `nil` (Lua's `Name: 0x…`).
    public var description: ((Object) -> String)?
    /// The bytes an object holds, counted against the VM's memory limit while Lua holds it:
    /// measured when the object is passed to Lua and again after each of its methods runs (so
    /// a method that grows the object is refused with a memory error once the limit is
    /// reached). Default: `nil` (only the userdata itself is counted).
    public var memoryCost: ((Object) -> Int)?

    /// A type named `name` with no methods yet.
    public init(_ name: String, for type: Object.Type = Object.self) {
        self.name = name
    }
}

/// A registered type as the VM keeps it.
final class LuaTypeInfo {
    let name: String
    let metatableRef: Int32
    let metatable: UnsafeRawPointer
    let memoryCost: ((AnyObject) -> Int)?

    init(name: String, metatableRef: Int32, metatable: UnsafeRawPointer, memoryCost: ((AnyObject) -> Int)?) {
        self.name = name
        self.metatableRef = metatableRef
        self.metatable = metatable
        self.memoryCost = memoryCost
    }
}

extension LuaVM {
    /// Registers `type` so that objects of its class can be passed to Lua (as ``LuaValue/object(_:)``
    /// or ``LuaCall/push(_:)-(LuaValue)``) and read back (``LuaCall/object(_:as:)``).
    /// Registering the same class again replaces its methods for objects pushed afterwards.
    public func register<Object: AnyObject>(type: LuaType<Object>) throws {
        let L = state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try LuaVM.check(loom_lua_protected_createtable(L, 0, 8), "a metatable")
        let metatableIndex = lua_gettop(L)
        // Tables never move, so the methods can compare metatables by this address.
        let metatable = lua_topointer(L, metatableIndex)!
        try LuaVM.check(loom_lua_protected_createtable(L, 0, Int32(clamping: type.methods.count)), "a metatable")
        let methods = lua_gettop(L)
        let typeName = type.name
        let memoryCost = type.memoryCost
        for (methodName, method) in type.methods.sorted(by: { $0.key < $1.key }) {
            try pushString(methodName, on: L)
            try pushFunction(
                { call in
                    let object: Object = try call.object(1, metatable: metatable, name: typeName)
                    try method(object, &call)
                    if let memoryCost { try call.recount(argument: 1, bytes: memoryCost(object), typeName: typeName) }
                }, on: L)
            try LuaVM.check(loom_lua_protected_rawset(L, methods), "a metatable")
        }
        let getter = try type.getter.map { property in
            try box { call in
                let object = try call.object(1, as: Object.self)
                try property(object, try call.value(2), &call)
            }
        }
        let setter = try type.setter.map { property in
            try box { call in
                let object = try call.object(1, as: Object.self)
                try property(object, try call.value(2), &call)
            }
        }
        let describe = try type.description.map { describe in
            try box { call in try call.push(describe(try call.object(1, as: Object.self))) }
        }
        lua_pushvalue(L, metatableIndex)
        let status = type.name.withCString { name in
            loom_lua_protected_finishmetatable(L, name, methods, getter, setter, describe)
        }
        try LuaVM.check(status, "a metatable")
        var ref: Int32 = LUA_NOREF
        try LuaVM.check(loom_lua_protected_ref(L, &ref), "a metatable")
        let info = LuaTypeInfo(
            name: type.name, metatableRef: ref, metatable: metatable,
            memoryCost: memoryCost.map { cost in { object in cost(object as! Object) } })
        typesByObject[ObjectIdentifier(Object.self)] = info
        typesByMetatable[metatable] = info
    }

    private func box(_ body: @escaping LuaFunctionBody) throws -> UnsafeMutableRawPointer {
        let box = LuaFunctionBox(vm: self, body: body)
        functionBoxes.append(box)
        return Unmanaged.passUnretained(box).toOpaque()
    }

    func pushObject(_ object: AnyObject, on L: OpaquePointer) throws {
        guard let info = typesByObject[ObjectIdentifier(type(of: object))] else {
            throw LuaError(.runtime, "no Lua type is registered for \(type(of: object))")
        }
        let cost = max(0, info.memoryCost?(object) ?? 0)
        let retained = Unmanaged.passRetained(object).toOpaque()
        let status = loom_lua_protected_pushobject(L, retained, info.metatableRef, cost)
        if status != LUA_OK {
            Unmanaged<AnyObject>.fromOpaque(retained).release()
            if host.pointee.memory_exhausted != 0 {
                throw LuaError(.memory, memoryLimitMessage("a \(info.name) of \(cost) bytes"))
            }
            try LuaVM.check(status, "a userdata")
        }
    }

    /// The Swift object of a userdata made by this VM, or `nil`.
    func object(at index: Int32, in L: OpaquePointer) -> AnyObject? {
        guard lua_getmetatable(L, index) != 0 else { return nil }
        let metatable = lua_topointer(L, -1)
        lua_settop(L, -2)
        guard let metatable, let info = typesByMetatable[metatable],
            let pointer = loom_lua_toobject(L, index, info.metatable)
        else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
    }
}

extension LuaVM {
    /// "memory limit of 67108864 bytes reached: not enough memory for `what`".
    func memoryLimitMessage(_ what: String) -> String {
        "memory limit of \(memoryLimit) bytes reached: not enough memory for \(what)"
    }
}
