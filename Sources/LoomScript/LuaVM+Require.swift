import CLuaShim
import Foundation

extension LuaVM {
    /// `require(name)`: a module already loaded (or registered with
    /// ``register(module:functions:)``) is returned as it is; otherwise its file is found by
    /// ``findModule(_:)``, compiled in text mode, run once with `(name, path)`, and its
    /// result (or `true`) kept. Errors in the module propagate unchanged; a module that
    /// requires itself, directly or not, is an error.
    func require(_ call: inout LuaCall) throws {
        let name = try call.string(1)
        let L = call.L
        try LuaVM.ensureStack(L, 6)
        lua_settop(L, 1)
        lua_rawgeti(L, luaRegistryIndex, lua_Integer(loadedModulesRef))  // 2: loaded
        lua_pushvalue(L, 1)
        if lua_rawget(L, 2) != LUA_TNIL {
            call.resultCount = 1
            return
        }
        lua_settop(L, 2)
        guard modulesLoading.insert(name).inserted else {
            throw LuaArgumentError(index: 1, message: "module '\(name)' requires itself (a require loop)")
        }
        defer { modulesLoading.remove(name) }
        let path = try findModule(name)
        let source = try readModule(name, at: path.resolved)
        try pushChunk(source, name: path.relative, on: L)
        lua_pushvalue(L, 1)
        try pushString(path.relative, on: L)
        guard loom_lua_pcall(L, 2, 1, 0) == LUA_OK else { throw LuaRaise() }
        if lua_type(L, -1) == LUA_TNIL {
            lua_settop(L, -2)
            lua_pushboolean(L, 1)
        }
        lua_pushvalue(L, 1)
        lua_pushvalue(L, -2)
        try LuaVM.check(loom_lua_protected_rawset(L, 2), "a module")
        call.resultCount = 1
    }

    /// Finds module `name` inside ``LuaOptions/moduleFolder``: `a.b` is `a/b.lua` or
    /// `a/b/init.lua`. Names are letters, digits, `_` and `-` separated by dots, so no path
    /// can climb out or be absolute; symbolic links are resolved and must stay inside too.
    func findModule(_ name: String) throws -> (relative: String, resolved: String) {
        guard let folder = options.moduleFolder else {
            throw LuaError(.runtime, "module '\(name)' not found: this world has no folder to load modules from")
        }
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        let validSegment = { (segment: Substring) in
            !segment.isEmpty
                && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
        guard name.utf8.count <= 200, segments.allSatisfy(validSegment) else {
            throw LuaArgumentError(
                index: 1,
                message: "module name '\(name)' is not valid: use names like 'lib.util' "
                    + "(letters, digits, '_' and '-', separated by '.')")
        }
        guard let root = LuaVM.realPath(folder) else {
            throw LuaError(.runtime, "module '\(name)' not found: the world folder '\(folder)' does not exist")
        }
        let relative = segments.joined(separator: "/")
        for candidate in [relative + ".lua", relative + "/init.lua"] {
            guard let resolved = LuaVM.realPath(root + "/" + candidate) else { continue }
            guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                throw LuaError(.runtime, "module '\(name)' resolves outside the world folder; refusing to load it")
            }
            return (candidate, resolved)
        }
        throw LuaError(.runtime, "module '\(name)' not found (looked for \(relative).lua and \(relative)/init.lua)")
    }

    private func readModule(_ name: String, at path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LuaError(.runtime, "module '\(name)' cannot be read")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: options.maxModuleSize + 1)) ?? Data()
        guard data.count <= options.maxModuleSize else {
            throw LuaError(.runtime, "module '\(name)' is larger than \(options.maxModuleSize) bytes")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The canonical absolute path with every symbolic link resolved, or `nil` if missing.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
