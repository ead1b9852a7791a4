import Foundation
import LoomCore

/// The one rule for every file a world reads: it must lie inside the world's folder once
/// every symlink is resolved. Names with `..` components and absolute paths are refused
/// before anything is opened, and so is a name (or a symlink on its way) that resolves
/// outside. Errors name the file as `world.lua` wrote it, never any of its bytes.
///
/// Models are the one exception: a model (and its tokenizer) may also lie inside a models
/// folder, one of ``ModelSearchPath``'s folders or an `Assets/models` folder above the world
/// (the small models Loom ships).
struct WorldFiles {
    /// The folder as given (for paths shown to users).
    let folder: String
    /// The folder with every symlink resolved.
    let root: String

    /// The rule for `folder`.
    /// - Throws: `.io` when the folder does not exist.
    init(folder: String) throws {
        guard let root = Self.realPath(folder) else {
            throw LoomError(.io, "the world folder \(folder) does not exist", at: SourceLocation(file: folder))
        }
        self.folder = folder
        self.root = root
    }

    /// The path of `name` (relative to the world folder), checked to stay inside it; `what`
    /// says what the file is for (`"tileset"`, `"corpus.txt"`) and `location` where it was named.
    /// A missing file is returned too (the caller reports it), once the folders on its way
    /// are checked.
    func path(_ name: String, what: String, at location: SourceLocation) throws -> String {
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        guard !name.hasPrefix("/"), !parts.contains("..") else {
            throw Self.outside(name, what: what, at: location, folder: folder)
        }
        let joined = (folder as NSString).appendingPathComponent(name)
        try Self.confine(joined, shown: name, what: what, at: location, roots: [root], folder: folder)
        return joined
    }

    /// The path of an existing file or folder named `name` inside the world, or `nil` when absent.
    func existing(_ name: String, at location: SourceLocation) throws -> String? {
        let path = try path(name, what: name, at: location)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The path `resolved` a model `name` was located at, checked, when it exists, to lie
    /// inside the world or inside one of ``modelFolders(above:)``.
    func modelPath(_ name: String, resolved: String, what: String, at location: SourceLocation) throws -> String {
        // A missing model reads nothing: the caller reports it missing (or falls back).
        guard FileManager.default.fileExists(atPath: resolved) else { return resolved }
        let roots = [root] + Self.modelFolders(above: folder).compactMap(Self.realPath)
        try Self.confine(resolved, shown: name, what: what, at: location, roots: roots, folder: folder)
        return resolved
    }

    /// Resolves `path` (or, when it does not exist, its nearest existing ancestor) and
    /// refuses it unless it lies inside one of `roots`.
    private static func confine(
        _ path: String, shown: String, what: String, at location: SourceLocation, roots: [String], folder: String
    ) throws {
        var candidate = path
        var resolved = realPath(candidate)
        while resolved == nil {
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent == candidate || parent.isEmpty { break }
            candidate = parent
            resolved = realPath(candidate)
        }
        guard let resolved, roots.contains(where: { resolved == $0 || resolved.hasPrefix($0 + "/") }) else {
            throw outside(shown, what: what, at: location, folder: folder)
        }
    }

    private static func outside(
        _ name: String, what: String, at location: SourceLocation, folder: String
    )
        -> LoomError
    {
        let subject = what == name ? "'\(name)'" : "\(what) '\(name)'"
        return LoomError(
            .world,
            "\(subject) leads outside the world folder \(folder); a world reads only files inside its folder "
                + "(no absolute paths, '..' or symlinks leading out)",
            at: location)
    }

    /// `path` with every symlink resolved, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The folders a world's models may also come from: the model search path, and every
    /// `Assets/models` folder above the world.
    static func modelFolders(above folder: String) -> [String] {
        var folders = ModelSearchPath(first: []).folders
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("Assets/models").path
            if FileManager.default.fileExists(atPath: candidate) { folders.append(candidate) }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return folders
    }
}
