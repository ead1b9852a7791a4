import CLuaShim

/// Moving values between Swift and a Lua stack. Every operation that can raise goes through
/// a `loom_lua_protected_*` function; the rest (`lua_push{nil,boolean,integer,number}`,
/// `lua_rawgeti`, `lua_next`, `lua_to*` on the matching type) cannot raise.
extension LuaVM {
    /// How deeply nested tables may be, in both directions.
    public static let maximumTableDepth = 100

    static func check(_ status: Int32, _ what: @autoclosure () -> String = "a value") throws {
        guard status == LUA_OK else {
            throw LuaError(.memory, "not enough memory to make \(what()) in Lua")
        }
    }

    static func ensureStack(_ L: OpaquePointer, _ slots: Int32) throws {
        guard lua_checkstack(L, slots) != 0 else {
            throw LuaError(.memory, "the Lua stack cannot grow by \(slots) slots")
        }
    }

    /// Pushes `value` onto the stack of `L` (the main thread or a coroutine of this VM).
    func push(_ value: LuaValue, on L: OpaquePointer, depth: Int = 0) throws {
        try LuaVM.ensureStack(L, 3)
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let integer): lua_pushinteger(L, lua_Integer(integer))
        case .number(let number): lua_pushnumber(L, number)
        case .string(let text): try pushString(text, on: L)
        case .table(let table): try pushTable(table, on: L, depth: depth)
        case .function(let function): try pushReference(function, on: L)
        case .opaque(let reference): try pushReference(reference, on: L)
        case .object(let object): try pushObject(object, on: L)
        }
    }

    func pushString(_ text: String, on L: OpaquePointer) throws {
        var text = text
        let status = text.withUTF8 { loom_lua_protected_pushstring(L, $0.baseAddress, $0.count) }
        try LuaVM.check(status, "a string of \(text.utf8.count) bytes")
    }

    private func pushReference(_ reference: LuaReference, on L: OpaquePointer) throws {
        guard reference.vm === self else {
            throw LuaError(.runtime, "a Lua \(reference.typeName) cannot move to another VM")
        }
        lua_rawgeti(L, luaRegistryIndex, lua_Integer(reference.ref))
    }

    private func pushTable(_ table: LuaTable, on L: OpaquePointer, depth: Int) throws {
        guard depth < LuaVM.maximumTableDepth else {
            throw LuaError(.runtime, "cannot pass a table nested deeper than \(LuaVM.maximumTableDepth) levels to Lua")
        }
        try LuaVM.check(
            loom_lua_protected_createtable(
                L, Int32(clamping: table.array.count), Int32(clamping: table.fields.count)), "a table")
        let tableIndex = lua_gettop(L)
        do {
            for (offset, element) in table.array.enumerated() {
                lua_pushinteger(L, lua_Integer(offset + 1))
                try push(element, on: L, depth: depth + 1)
                try LuaVM.check(loom_lua_protected_rawset(L, tableIndex), "a table")
            }
            // Sorted, so the table is built the same way on every run.
            for key in table.fields.keys.sorted(by: LuaValue.orderedBefore) {
                if case .nil = key { throw LuaError(.runtime, "a Lua table key cannot be nil") }
                if case .number(let number) = key, number.isNaN {
                    throw LuaError(.runtime, "a Lua table key cannot be NaN")
                }
                try push(key, on: L, depth: depth + 1)
                try push(table.fields[key]!, on: L, depth: depth + 1)
                try LuaVM.check(loom_lua_protected_rawset(L, tableIndex), "a table")
            }
        } catch {
            lua_settop(L, tableIndex - 1)
            throw error
        }
    }

    /// Reads the value at `index` of `L` into Swift.
    func value(at index: Int32, in L: OpaquePointer) throws -> LuaValue {
        var visiting: Set<UnsafeRawPointer> = []
        return try value(at: lua_absindex(L, index), in: L, depth: 0, visiting: &visiting)
    }

    private func value(
        at index: Int32, in L: OpaquePointer, depth: Int, visiting: inout Set<UnsafeRawPointer>
    ) throws -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(LuaVM.string(at: index, in: L))
        case LUA_TTABLE: return try tableValue(at: index, in: L, depth: depth, visiting: &visiting)
        case LUA_TFUNCTION: return .function(try reference(at: index, in: L, as: LuaFunction.self))
        case LUA_TUSERDATA:
            if let object = object(at: index, in: L) { return .object(object) }
            return .opaque(try reference(at: index, in: L, as: LuaReference.self))
        default: return .opaque(try reference(at: index, in: L, as: LuaReference.self))
        }
    }

    /// The bytes of the string at `index` (which must be a string, so nothing is converted).
    static func string(at index: Int32, in L: OpaquePointer) -> String {
        var length = 0
        guard let bytes = lua_tolstring(L, index, &length) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    func reference<R: LuaReference>(at index: Int32, in L: OpaquePointer, as kind: R.Type) throws -> R {
        let typeName = String(cString: lua_typename(L, lua_type(L, index)))
        try LuaVM.ensureStack(L, 2)
        lua_pushvalue(L, index)
        var ref: Int32 = LUA_NOREF
        try LuaVM.check(loom_lua_protected_ref(L, &ref), "a reference")
        return R(vm: self, ref: ref, typeName: typeName)
    }

    private func tableValue(
        at index: Int32, in L: OpaquePointer, depth: Int, visiting: inout Set<UnsafeRawPointer>
    ) throws -> LuaValue {
        guard depth < LuaVM.maximumTableDepth else {
            throw LuaError(.runtime, "cannot read a Lua table nested deeper than \(LuaVM.maximumTableDepth) levels")
        }
        let identity = lua_topointer(L, index)!
        guard visiting.insert(identity).inserted else {
            throw LuaError(.runtime, "cannot read a Lua table that contains itself (a cycle)")
        }
        defer { visiting.remove(identity) }
        try LuaVM.ensureStack(L, 4)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        var fields: [LuaValue: LuaValue] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let key = try value(at: top + 1, in: L, depth: depth + 1, visiting: &visiting)
            fields[key] = try value(at: top + 2, in: L, depth: depth + 1, visiting: &visiting)
            lua_settop(L, top + 1)
        }
        var array: [LuaValue] = []
        while let element = fields.removeValue(forKey: .integer(array.count + 1)) {
            array.append(element)
        }
        return .table(LuaTable(array: array, anyFields: fields))
    }
}

extension LuaValue {
    /// A fixed order for table keys: booleans, numbers, strings, then the rest by type name.
    static func orderedBefore(_ a: LuaValue, _ b: LuaValue) -> Bool {
        func rank(_ value: LuaValue) -> Int {
            switch value {
            case .boolean: 0
            case .integer, .number: 1
            case .string: 2
            default: 3
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb }
        switch (a, b) {
        case (.boolean(let x), .boolean(let y)): return !x && y
        case (.string(let x), .string(let y)): return x < y
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x < y }
            return a.typeName < b.typeName
        }
    }
}
