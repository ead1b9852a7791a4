import CLuaShim

/// The body of a Swift function callable from Lua: reads arguments from the call and pushes
/// results onto it. Throwing raises a Lua error in the calling script (after this Swift
/// frame has returned: Lua's `longjmp` never crosses it).
public typealias LuaFunctionBody = (inout LuaCall) throws -> Void

/// One call from Lua into a Swift function: its arguments (1-based, as in Lua) and results.
///
/// The readers check types the way Lua's own library does, and a mismatch becomes the error
/// a Lua programmer expects: `world.lua:3: bad argument #1 to 'fill' (number expected, got string)`.
///
/// ```swift
/// try vm.register(
///     module: "geometry",
///     functions: [
///         "area": { call in
///             let width = try call.number(1), height = try call.number(2)
///             call.push(width * height)
///         }
///     ])
/// ```
public struct LuaCall {
    let L: OpaquePointer
    /// The VM the call runs in (to call back into Lua, or read its random generator).
    public unowned(unsafe) let vm: LuaVM
    var resultCount: Int32 = 0
    /// Set when a result could not be pushed (the Lua stack could not grow): the call then
    /// raises a memory error instead of returning short.
    var pushFailed = false

    init(state: OpaquePointer, vm: LuaVM) {
        self.L = state
        self.vm = vm
    }

    // MARK: Arguments

    /// The number of arguments passed.
    public var argumentCount: Int { Int(lua_gettop(L)) - Int(resultCount) }

    /// Whether argument `index` is `nil` or absent.
    public func isNil(_ index: Int) -> Bool { lua_type(L, Int32(index)) <= LUA_TNIL }

    /// Lua's type name of argument `index` (`"no value"` when absent).
    public func typeName(_ index: Int) -> String { String(cString: lua_typename(L, lua_type(L, Int32(index)))) }

    /// Argument `index` as an integer (floats with an integral value and numeric strings accepted).
    public func integer(_ index: Int) throws -> Int {
        var isNumber: Int32 = 0
        let value = lua_tointegerx(L, Int32(index), &isNumber)
        if isNumber != 0 { return Int(value) }
        if lua_type(L, Int32(index)) == LUA_TNUMBER {
            throw LuaArgumentError(index: index, message: "number has no integer representation")
        }
        throw LuaArgumentError(index: index, expected: "number")
    }

    /// Argument `index` as an integer, or `fallback` when it is `nil` or absent.
    public func integer(_ index: Int, default fallback: Int) throws -> Int {
        isNil(index) ? fallback : try integer(index)
    }

    /// Argument `index` as a number (numeric strings accepted).
    public func number(_ index: Int) throws -> Double {
        var isNumber: Int32 = 0
        let value = lua_tonumberx(L, Int32(index), &isNumber)
        if isNumber != 0 { return value }
        throw LuaArgumentError(index: index, expected: "number")
    }

    /// Argument `index` as a number, or `fallback` when it is `nil` or absent.
    public func number(_ index: Int, default fallback: Double) throws -> Double {
        isNil(index) ? fallback : try number(index)
    }

    /// Argument `index` as a string (numbers accepted and formatted).
    public func string(_ index: Int) throws -> String {
        switch lua_type(L, Int32(index)) {
        case LUA_TSTRING: return LuaVM.string(at: Int32(index), in: L)
        case LUA_TNUMBER:
            if lua_isinteger(L, Int32(index)) != 0 { return String(lua_tointegerx(L, Int32(index), nil)) }
            return String(lua_tonumberx(L, Int32(index), nil))
        default: throw LuaArgumentError(index: index, expected: "string")
        }
    }

    /// Argument `index` as a string, or `fallback` when it is `nil` or absent.
    public func string(_ index: Int, default fallback: String) throws -> String {
        isNil(index) ? fallback : try string(index)
    }

    /// Argument `index` by Lua's truth (`nil`, `false` and absent are false).
    public func boolean(_ index: Int) -> Bool { lua_toboolean(L, Int32(index)) != 0 }

    /// Argument `index` as a Lua function.
    public func function(_ index: Int) throws -> LuaFunction {
        guard lua_type(L, Int32(index)) == LUA_TFUNCTION else {
            throw LuaArgumentError(index: index, expected: "function")
        }
        return try vm.reference(at: Int32(index), in: L, as: LuaFunction.self)
    }

    /// Argument `index` as a table copied into Swift.
    public func table(_ index: Int) throws -> LuaTable {
        guard lua_type(L, Int32(index)) == LUA_TTABLE else { throw LuaArgumentError(index: index, expected: "table") }
        return try vm.value(at: Int32(index), in: L).tableValue!
    }

    /// Argument `index` converted to a ``LuaValue`` whatever its type.
    public func value(_ index: Int) throws -> LuaValue { try vm.value(at: Int32(index), in: L) }

    /// Argument `index` as a Swift object of a registered ``LuaType``.
    public func object<T: AnyObject>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard let info = vm.typesByObject[ObjectIdentifier(T.self)] else {
            throw LuaError(.runtime, "no Lua type is registered for \(T.self)")
        }
        return try object(index, metatable: info.metatable, name: info.name)
    }

    func object<T: AnyObject>(_ index: Int, metatable: UnsafeRawPointer, name: String) throws -> T {
        guard let pointer = loom_lua_toobject(L, Int32(index), metatable) else {
            throw LuaArgumentError(index: index, expected: name)
        }
        return Unmanaged<T>.fromOpaque(pointer).takeUnretainedValue()
    }

    // MARK: Budgets

    /// Charges `instructions` of work this function does (or is about to do) to the calling
    /// script's instruction budget, so a loop of host calls that each do much work is stopped
    /// like a loop of Lua code. Every call already costs ``LuaOptions/hostCallCost``; charge
    /// work that grows with the arguments, such as one instruction per map cell touched.
    /// - Throws: an error that raises the budget error in the script once the budget is
    ///   exhausted (scripts cannot catch it).
    public func charge(_ instructions: Int) throws {
        if loom_lua_host_charge(vm.host, Int64(clamping: instructions)) != 0 { throw LuaBudgetExhausted() }
    }

    /// Checks, before a Swift function allocates `bytes` for an object it will give to Lua,
    /// that they fit under the VM's memory limit (collecting garbage first if need be), so an
    /// oversized request fails before anything is allocated. Reserves nothing: the object is
    /// counted when it is pushed (``LuaType/memoryCost``).
    /// - Throws: ``LuaError`` `.memory` (which scripts cannot catch) when they do not fit.
    public func reserveMemory(_ bytes: Int, for what: @autoclosure () -> String) throws {
        guard loom_lua_reserve(L, max(0, bytes)) != 0 else {
            throw LuaError(.memory, vm.memoryLimitMessage("\(what()) of \(bytes) bytes"))
        }
    }

    /// Re-measures the object at argument `index` (a userdata of a type with a
    /// ``LuaType/memoryCost``) as `bytes` against the memory limit.
    func recount(argument index: Int, bytes: Int, typeName: String) throws {
        guard loom_lua_object_setcost(L, Int32(index), max(0, bytes)) == 0 else {
            throw LuaError(.memory, vm.memoryLimitMessage("a \(typeName) of \(bytes) bytes"))
        }
    }

    // MARK: Results

    /// Pushes an integer result.
    public mutating func push(_ value: Int) {
        guard lua_checkstack(L, 1) != 0 else {
            pushFailed = true
            return
        }
        lua_pushinteger(L, lua_Integer(value))
        resultCount += 1
    }

    /// Pushes a number result.
    public mutating func push(_ value: Double) {
        guard lua_checkstack(L, 1) != 0 else {
            pushFailed = true
            return
        }
        lua_pushnumber(L, value)
        resultCount += 1
    }

    /// Pushes a Boolean result.
    public mutating func push(_ value: Bool) {
        guard lua_checkstack(L, 1) != 0 else {
            pushFailed = true
            return
        }
        lua_pushboolean(L, value ? 1 : 0)
        resultCount += 1
    }

    /// Pushes a string result.
    /// - Throws: ``LuaError`` `.memory` when the VM's memory limit does not allow it.
    public mutating func push(_ value: String) throws {
        try LuaVM.ensureStack(L, 1)
        try vm.pushString(value, on: L)
        resultCount += 1
    }

    /// Pushes any value as a result (tables are built in Lua, objects wrapped as userdata).
    public mutating func push(_ value: LuaValue) throws {
        try vm.push(value, on: L)
        resultCount += 1
    }

    /// Pushes `nil` as a result.
    public mutating func pushNil() {
        guard lua_checkstack(L, 1) != 0 else {
            pushFailed = true
            return
        }
        lua_pushnil(L)
        resultCount += 1
    }
}

/// A bad argument to a Swift function called from Lua; becomes Lua's
/// `bad argument #n to 'name' (…)` error, naming the function as the caller spelled it.
public struct LuaArgumentError: Error, Hashable, Sendable {
    /// The 1-based argument (for methods, 1 is the object itself).
    public var index: Int
    /// The type that was expected (`"number"`), or `nil` when ``message`` says what is wrong.
    public var expected: String?
    /// What is wrong with the argument, for errors other than a wrong type.
    public var message: String?

    /// The argument at `index` should have been of type `expected`.
    public init(index: Int, expected: String) {
        self.index = index
        self.expected = expected
    }

    /// The argument at `index` is wrong as `message` says (`"interval is empty"`).
    public init(index: Int, message: String) {
        self.index = index
        self.message = message
    }
}

/// Thrown by ``LuaCall/charge(_:)`` when the budget is exhausted: raised in the script as the
/// budget error once the Swift function has returned.
struct LuaBudgetExhausted: Error {}
