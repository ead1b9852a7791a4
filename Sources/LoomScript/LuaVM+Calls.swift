import CLuaShim
import Foundation

extension LuaVM {
    /// Compiles `source` and runs it, returning what the chunk returns.
    ///
    /// `name` names the chunk in messages: with `"world.lua"`, errors read `world.lua:12: …`.
    /// - Throws: ``LuaError`` (`.load` for syntax errors; `.runtime`, `.memory`, `.budget`).
    @discardableResult
    public func run(_ source: String, name: String = "chunk") throws -> [LuaValue] {
        try invoke(arguments: []) { L in try pushChunk(source, name: name, on: L) }
    }

    /// Reads a Lua file and runs it; the chunk is named by `name` (default: the file's name).
    /// - Throws: ``LuaError`` (`.load` when the file cannot be read or compiled).
    @discardableResult
    public func runFile(at url: URL, name: String? = nil) throws -> [LuaValue] {
        let source: String
        do {
            source = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw LuaError(.load, "\(url.path): cannot read the script (\(error.localizedDescription))")
        }
        return try run(source, name: name ?? url.lastPathComponent)
    }

    /// Compiles `source` into a function without running it.
    /// - Throws: ``LuaError`` `.load` with the syntax error's location.
    public func load(_ source: String, name: String = "chunk") throws -> LuaFunction {
        let top = lua_gettop(state)
        defer { lua_settop(state, top) }
        try pushChunk(source, name: name, on: state)
        return try reference(at: -1, in: state, as: LuaFunction.self)
    }

    /// Calls `function` with `arguments` and returns its results.
    /// - Throws: ``LuaError`` when it raises an error or runs out of memory or instructions.
    @discardableResult
    public func call(_ function: LuaFunction, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        guard function.vmID == id else { throw LuaError(.runtime, "this Lua function belongs to another VM") }
        return try invoke(arguments: arguments) { L in
            lua_rawgeti(L, luaRegistryIndex, lua_Integer(function.ref))
        }
    }

    /// Calls the global function at `path` (`"update"`, or a dotted path such as
    /// `"rules.onEnter"`) with `arguments`. Globals are read raw: a script's metatable on
    /// `_G` cannot intercept the lookup.
    /// - Throws: ``LuaError`` `.runtime` when there is no function there, or the call fails.
    @discardableResult
    public func call(_ path: String, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        try invoke(arguments: arguments) { L in
            try pushGlobal(path, on: L)
            guard lua_type(L, -1) == LUA_TFUNCTION else {
                let found = String(cString: lua_typename(L, lua_type(L, -1)))
                throw LuaError(.runtime, "attempt to call '\(path)' from Swift (a \(found) value)")
            }
        }
    }

    /// Runs `body` as one call from the host: the outermost call starts a fresh instruction
    /// budget; calls made from inside Swift functions share it.
    func withBudget<Result>(_ body: () throws -> Result) rethrows -> Result {
        if hostCallDepth == 0 { loom_lua_host_reset_budget(host, Int64(options.instructionBudget)) }
        hostCallDepth += 1
        defer { hostCallDepth -= 1 }
        return try body()
    }

    private func invoke(arguments: [LuaValue], pushFunction: (OpaquePointer) throws -> Void) throws -> [LuaValue] {
        let L = state
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try LuaVM.ensureStack(L, Int32(clamping: arguments.count + 4))
        try pushFunction(L)
        for argument in arguments { try push(argument, on: L) }
        return try withBudget {
            let status = loom_lua_host_call(L, Int32(arguments.count), LUA_MULTRET)
            guard status == LUA_OK else { throw error(status: status, on: L) }
            let count = lua_gettop(L) - top
            if count == 0 { return [] }
            var results: [LuaValue] = []
            results.reserveCapacity(Int(count))
            for index in (top + 1)...(top + count) { results.append(try value(at: index, in: L)) }
            return results
        }
    }

    func pushChunk(_ source: String, name: String, on L: OpaquePointer) throws {
        var failed: Int32 = 0
        var source = source
        let status = source.withUTF8 { bytes in
            loom_lua_protected_loadtext(L, bytes.baseAddress, bytes.count, "@" + name, &failed)
        }
        try LuaVM.check(status, "the chunk '\(name)'")
        if failed != 0 {
            let message = lua_type(L, -1) == LUA_TSTRING ? LuaVM.string(at: -1, in: L) : "cannot load '\(name)'"
            lua_settop(L, -2)
            let kind: LuaError.Kind = message.hasSuffix("not enough memory") ? .memory : .load
            throw LuaError(kind, message)
        }
    }

    /// Pushes the value at a dotted global path, read raw (nil when a step is missing).
    func pushGlobal(_ path: String, on L: OpaquePointer) throws {
        try LuaVM.ensureStack(L, 3)
        lua_rawgeti(L, luaRegistryIndex, lua_Integer(LUA_RIDX_GLOBALS))
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard lua_type(L, -1) == LUA_TTABLE else {
                lua_settop(L, -2)
                lua_pushnil(L)
                return
            }
            try pushString(String(part), on: L)
            lua_rawget(L, -2)
            lua_rotate(L, -2, 1)
            lua_settop(L, -2)
        }
    }

    /// The error left on top of the stack by a failed call, classified.
    func error(status: Int32, on L: OpaquePointer) -> LuaError {
        let text =
            lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER
            ? LuaVM.string(at: -1, in: L)
            : "(error object is a \(String(cString: lua_typename(L, lua_type(L, -1)))) value)"
        var message = text
        var traceback: String?
        if let range = text.range(of: "\nstack traceback:\n") {
            message = String(text[..<range.lowerBound])
            traceback = String(text[text.index(after: range.lowerBound)...])
        }
        let kind: LuaError.Kind
        if host.pointee.exhausted != 0 {
            kind = .budget
        } else if host.pointee.memory_exhausted != 0 || status == LUA_ERRMEM || message.hasSuffix("not enough memory") {
            kind = .memory
        } else if status == LUA_ERRSYNTAX {
            kind = .load
        } else {
            kind = .runtime
        }
        return LuaError(kind, message, traceback: traceback)
    }
}
