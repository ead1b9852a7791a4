import CLuaShim
import Foundation

extension LuaVM {
    /// The Swift half of `require`: checks the module name, finds `name.lua` or
    /// `name/init.lua` inside ``LuaOptions/moduleFolder`` (after resolving symbolic links,
    /// so nothing outside the folder can be reached), and pushes the compiled chunk and its path.
    func loadModule(_ call: inout LuaCall) throws {
        let name = try call.string(1)
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
            guard let handle = FileHandle(forReadingAtPath: resolved) else { continue }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: options.maxModuleSize + 1)) ?? Data()
            guard data.count <= options.maxModuleSize else {
                throw LuaError(.runtime, "module '\(name)' is larger than \(options.maxModuleSize) bytes")
            }
            try pushChunk(String(decoding: data, as: UTF8.self), name: candidate, on: call.L)
            call.resultCount += 1
            try call.push(candidate)
            return
        }
        throw LuaError(.runtime, "module '\(name)' not found (looked for \(relative).lua and \(relative)/init.lua)")
    }

    /// The canonical absolute path with every symbolic link resolved, or `nil` if missing.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
